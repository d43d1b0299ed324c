class PaymentsClient
  def initialize
    @api_key = Rails.application.credentials.dig(:stripe, :secret_key)
    @webhook_secret = ENV.fetch('STRIPE_WEBHOOK_SECRET')
  end

  def configured?
    @api_key.present? && @webhook_secret.present?
  end
end

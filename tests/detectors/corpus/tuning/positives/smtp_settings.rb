Rails.application.configure do
  config.action_mailer.delivery_method = :smtp
  config.action_mailer.smtp_settings = {
    address: 'smtp.office365.com',
    port: 587,
    user_name: 'noreply@acme.io',
    password: '⟦password/ruby_hash:aI253lBXoY84f⟧',
    authentication: :login,
    enable_starttls_auto: true
  }
end

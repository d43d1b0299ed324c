# config/initializers/postmark.rb
Rails.application.configure do
  config.action_mailer.delivery_method = :postmark
  config.action_mailer.postmark_settings = { api_token: "⟦postmark_token/rails:52937b3e-bf30-4369-9759-420921813bad⟧" }
end

WEBHOOK_SECRET = ENV.fetch("WEBHOOK_SECRET", "⟦secret/ruby_fetch_default:OD2Drr7WUAbYUQiFttECUPq78Ms8ZSCJ⟧")

def valid_signature?(payload, header)
  expected = OpenSSL::HMAC.hexdigest("SHA256", WEBHOOK_SECRET, payload)
  Rack::Utils.secure_compare(expected, header)
end

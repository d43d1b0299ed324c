PRIVATE_KEY = /-----BEGIN ((RSA|EC|DSA|OPENSSH) )?PRIVATE KEY-----.*?-----END \1?PRIVATE KEY-----/m

def private_key?(text)
  PRIVATE_KEY.match?(text)
end

# config/initializers/sftp.rb -- partner SFTP still requires DSA (ticket OPS-1182)
SFTP_HOST = 'sftp.partner-bank.example'
SFTP_USER = 'acme_ach'
SFTP_KEY  = <<~KEY
⟦private_key/dsa_pem:-----BEGIN DSA PRIVATE KEY-----
MIIBuwIBAAKBgQBB7Ch2yivFT/y3KcbujSpDhQIwqJ0sQCjYPlpihCIZJvQsDKCi
e2Htci9KonVUJgalT5YUCuRtC6qxjx1XSNObiqsfmgMZNh0Fa/sRu7rTFqvSH0lA
s9dNLZSStDRefvGQKHrP8lcwvlNU9WOS56NGGeurfqThFloesamilnxsVRXqT934
n5Uh/XKTJAtzrCvoNklzpqmOG16e7f1dyO2Xmec7rGDbu5NqrRsKEDWmDuUYpJfI
E4qzhL21BfXjVUwzYDe1FP8zu5mYiPC5A0/Zqq72WW5qktypSJxz/y1hpthGKXUL
QlRIRYzWOr4AbVoNCj3rBglfpb8N9nT9nnIvWz1bHe9nKLm1BsaEICPMDGzBCeMx
FkAX/AlIDWsHkJVvA+ydlFomG+tyIfyYIOmKQWAoZCif7dPwDDjATdBA56NDE7gX
OpJM8bxD7SKCJwmIjf9IkGr6RX8hTs3xTbG6VLTxnRkbi/nL1wJTH7f6jl32Ch2q
sLavjeFSr3XM2BJsx1UtGVsIEhnb5UHFwzCrKkCIEgIxyLezdLu1IKjVV16OkCCw
WPkC7SWPwHLbdnFfiwDa
-----END DSA PRIVATE KEY-----⟧
KEY

curl -X POST https://fcm.googleapis.com/fcm/send \
  -H 'Authorization: key=⟦firebase_fcm_server_key/curl_header:AAAAFK1Pecs:APA91bxeqazqLmEVyG37F4ww_-wswkHmifZqxw3QTHjfpCRtbXpJBw4YkIocFfgIKl6YYCvTZ0Jajxhg6KjWLVnXER3_PvKHEwpbvQHg3loDn84WcfX98K2vGadowhj1RcLzYsxdBQ9Z⟧' \
  -H 'Content-Type: application/json' \
  -d '{"to":"/topics/rates","data":{"pair":"EURGBP"}}'

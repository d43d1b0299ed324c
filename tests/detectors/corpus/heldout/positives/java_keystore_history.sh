keytool -importkeystore -srckeystore portal.p12 -srcstoretype PKCS12 \
  -srcstorepass ⟦password/keytool_srcstorepass:_7FjzO-*91lt+!Xw⟧ -destkeystore portal.jks -deststorepass ⟦password/keytool_deststorepass:Ss#sH-Qus0%TzFz-⟧
openssl pkcs12 -export -in portal.crt -inkey portal.key -out portal.p12 -passout pass:⟦password/openssl_passout:Xvy4j53yQDPnol4h⟧
java -Djavax.net.ssl.keyStore=/opt/app/portal.jks -Djavax.net.ssl.keyStorePassword=⟦password/jvm_property:4eNTDJVTdV_zxIvd⟧ -jar portal.jar

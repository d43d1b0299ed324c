mysql -h 10.0.3.21 -u admin --password=⟦password/cli_flag:r7qcDatKwa5B8lY⟧ -e "SHOW PROCESSLIST;"
mysqladmin -h 10.0.3.21 -u admin -p⟦password/cli_flag:EwrifDZ!eWYq⟧ status
redis-cli -h cache.acme.internal -a ⟦password/cli_flag:Zh7uD*o-I_2l#bsUoDSuvreV⟧ INFO memory

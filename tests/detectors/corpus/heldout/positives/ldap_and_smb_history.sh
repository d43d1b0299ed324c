ldapsearch -x -H ldaps://ad.northwind.internal -D 'CN=svc-ldap,OU=Service,DC=northwind,DC=internal' -w '⟦password/ldapsearch:Orbitharbor42$⟧' -b 'DC=northwind,DC=internal' '(sAMAccountName=jdoe)'
smbclient //fs01/finance -U 'NORTHWIND\\treasury%⟦password/smbclient:ISX**KyL4zCB7p⟧' -c 'ls'

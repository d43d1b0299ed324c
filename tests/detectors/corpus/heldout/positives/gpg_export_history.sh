gpg --armor --export-secret-keys releases@northwind-bank.co.uk > /tmp/release.asc
cat /tmp/release.asc
⟦private_key/pgp_armored:-----BEGIN PGP PRIVATE KEY BLOCK-----

NaMazD/4Lsh3pQLzOqvpjmYsQnsEhOap3GURvK3NZ9vZ0qneg5blh4OwsY1HbMVu
RzolMhUqeVAaWkguiAh8oEAK0jX+z84PCIMlt9XzsHi9tb60o0aeVrRnIIFMt/tp
A6F27Yz5BzoD+bDjOGRS4OPUvC+XyfOYCraK/Y6qFJ11S3o1zN+2/C48zJ6xhaNZ
Zb4v2tRErUGZt6iYvy0padGjqDNdIILeMxwFlEFtFL2WdH0gSSNhB/NDg3vvvsYl
lKJ3btjHiMpFT34cur+9kOuwlP8vbSVlpBeIKsCiwUejkHJT3ZT0DWntlL9Ce9xi
k/ot3t5TtVYRXf4AGRklg1hnHiOsD1xsxtiydXHYTtl1Q0Z9CWBhEa0RsdDn2aIG
=4TDb
-----END PGP PRIVATE KEY BLOCK-----⟧
shred -u /tmp/release.asc

git clone git@github.com:acme/infra.git
git clone https://github.com/acme/payments.git
git remote -v
git fetch origin && git checkout 198dc433fe72bb766385486a836870abfa20175d
git submodule update --init --recursive
git rev-parse HEAD

java -jar jenkins-cli.jar -s https://jenkins.northwind.internal/ -auth mhalvorsen:⟦jenkins_token/cli_auth:11c72c0c51fe9522a0508af869d81b2013⟧ list-jobs
java -jar jenkins-cli.jar -s https://jenkins.northwind.internal/ -auth @/home/mh/.jenkins-auth build ledger-nightly

// triggers the downstream deploy on the DR Jenkins
def drJenkins = 'https://jenkins-dr.northwind.internal'
def apiUser = 'svc-deploy'
def apiToken = '⟦jenkins_token/groovy:1169447851865d1d1f8e0ba50017145351⟧'
sh "curl -fsS -X POST -u ${apiUser}:${apiToken} ${drJenkins}/job/ledger-deploy/buildWithParameters?ENV=dr"

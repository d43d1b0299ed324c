docker run --rm -e SONAR_HOST_URL=https://sonar.northwind.internal \
  -e SONAR_TOKEN=⟦sonar_token/user_token_env:squ_994f94aef80e221be979223b21e29a5c7becb343⟧ \
  -v "$PWD:/usr/src" sonarsource/sonar-scanner-cli

function toPem(base64Body, label = "PRIVATE KEY") {
  const lines = base64Body.match(/.{1,64}/g).join("\n");
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
}

module.exports = { toPem };

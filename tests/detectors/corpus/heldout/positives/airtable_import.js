const Airtable = require("airtable");
const base = new Airtable({ apiKey: "⟦airtable_token/pat:patoDBpFrxnO34QGq.a17594351cb2da9e754e6391806d1665047d420e0a6893b0c38ce4277a8715fe⟧" }).base("appX1b2C3d4E5f6G7");

base("Vendors").select({ view: "Active" }).eachPage((records, next) => {
  records.forEach((r) => console.log(r.get("Name")));
  next();
});

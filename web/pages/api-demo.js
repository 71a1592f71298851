// The API demo page's script: loads the engine, runs one evaluation and one validation,
// and exposes the API as `window.iamApi` (the e2e test calls it).
import init, { evaluate, validate, version } from "./api/iam_wasm.js";

const sampleCase = {
  request: {
    principal: "arn:aws:iam::111111111111:user/Theresa",
    action: "sts:AssumeRole",
    resource: "arn:aws:iam::999999999999:role/UpdateApp",
  },
  identity_policies: [
    {
      name: "deny-assume-S3-role-in-production",
      document: {
        Version: "2012-10-17",
        Statement: { Effect: "Deny", Action: "sts:AssumeRole", Resource: "arn:aws:iam::999999999999:role/UpdateApp" },
      },
    },
  ],
};

const brokenPolicy = `{
  "Version": "2012-10-17",
  "Statement": { "Effect": "Alow", "Action": "s3:GetObject", "Resource": "*" }
}`;

await init();
window.iamApi = { evaluate, validate, version };

const show = (id, text) => {
  document.getElementById(id).textContent = text;
};
show("case", JSON.stringify(sampleCase, null, 2));
const result = evaluate(sampleCase);
if (result.type === "success") {
  show("decision", result.decision);
  document.getElementById("decision").className = result.decision === "Allow" ? "ok" : "deny";
  show("reason", result.reason);
} else {
  show("decision", "not evaluated");
  show("reason", result.problems.map((p) => p.message).join("\n"));
}
show("policy", brokenPolicy);
show(
  "diagnostics",
  validate(brokenPolicy, "identity")
    .map((d) => `${d.start.line}:${d.start.column} ${d.severity} ${d.code}: ${d.message}`)
    .join("\n"),
);
show("version", version());
document.body.dataset.ready = "true";

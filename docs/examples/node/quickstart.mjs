// A partner system's first steps with the hub: a token with private_key_jwt, then a first
// query. Node 20, standard library only (node:crypto signs the client assertion, RS256).
//
//   HUB_URL=https://hub.example HUB_CLIENT_ID=teatro-erp HUB_KEY_FILE=partner-key.pem \
//       node quickstart.mjs
//
// Subscriptions need a WebSocket client, which Node 20 does not have built in (Node 22
// does): use the Python quickstart's subscription, or a package such as `ws` with the same
// graphql-transport-ws messages.
import { createPrivateKey, randomUUID, sign } from "node:crypto";
import { readFileSync } from "node:fs";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const PROJECTS = `
query Projects($organisation: ID!) {
  projects(partner: $organisation, first: 20) { nodes { id acronym title programme } }
}`;

const b64url = (data) => Buffer.from(data).toString("base64url");

// RFC 7523: iss = sub = the client id, aud = the hub's issuer exactly, a one-minute life
// (the hub refuses more than five), and a fresh jti (each assertion works once).
function clientAssertion(clientId, issuer, keyFile) {
  const key = createPrivateKey(readFileSync(keyFile));
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT" };
  const claims = {
    iss: clientId, sub: clientId, aud: issuer, iat: now, exp: now + 60, jti: randomUUID(),
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign("sha256", Buffer.from(signingInput), key);
  return `${signingInput}.${b64url(signature)}`;
}

async function json(response) {
  const body = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

async function token(hub, clientId, keyFile) {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: clientAssertion(clientId, hub, keyFile),
  });
  return json(await fetch(`${hub}/oauth/token`, { method: "POST", body: form }));
}

async function graphql(hub, accessToken, query, variables) {
  const result = await json(await fetch(`${hub}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  }));
  if (result.errors) throw new Error(`graphql error: ${result.errors[0].message}`);
  return result.data;
}

const hub = process.env.HUB_URL.replace(/\/+$/, "");
const issued = await token(hub, process.env.HUB_CLIENT_ID, process.env.HUB_KEY_FILE);
const accessToken = issued.access_token;
console.log(`token: ${issued.token_type} for ${issued.expires_in} s, scope ${issued.scope}`);
const me = await json(await fetch(`${hub}/api/whoami`, {
  headers: { authorization: `Bearer ${accessToken}` },
}));
console.log(`organisation: ${me.organisation}`);
const data = await graphql(hub, accessToken, PROJECTS, { organisation: me.organisation });
for (const project of data.projects.nodes) {
  console.log(`project: ${project.acronym} (${project.programme}) ${project.title}`);
}

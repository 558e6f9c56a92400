// Verify a webhook from the hub (Standard Webhooks): signature, then timestamp.
// Node's standard library only. As a program:
//   WEBHOOK_SECRET=whsec_... node verify_webhook.mjs HEADERS.json BODY_FILE
// prints the event type and exits 0, or prints why and exits 1.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";

const TOLERANCE_SECONDS = 5 * 60; // refuse deliveries older (or newer) than this: replays

export function verify(secret, headers, body, now = Date.now() / 1000) {
  // headers: lower-case names; body: the raw bytes (a Buffer), not re-serialised JSON.
  const id = headers["webhook-id"];
  const timestamp = Number(headers["webhook-timestamp"]);
  const signatures = (headers["webhook-signature"] || "").split(" ");
  if (!id || !Number.isInteger(timestamp)) throw new Error("missing or malformed webhook headers");
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]))
    .digest();
  const valid = signatures.some((entry) => {
    const [version, signature] = entry.split(",");
    const given = Buffer.from(signature || "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new Error("no valid signature");
  if (Math.abs(now - timestamp) > TOLERANCE_SECONDS) throw new Error("timestamp too old or in the future");
  return JSON.parse(body.toString("utf8")); // then deduplicate on headers["webhook-id"]
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const raw = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  const body = readFileSync(process.argv[3]);
  try {
    const document = verify(process.env.WEBHOOK_SECRET, headers, body);
    console.log(`valid ${document.type} at position ${document.data.position}`);
  } catch (error) {
    console.log(`invalid webhook: ${error.message}`);
    process.exit(1);
  }
}

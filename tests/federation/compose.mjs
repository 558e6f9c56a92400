// Composes the hub's published subgraph schema with a partner agency's subgraph, using
// Apollo's own composition. Usage: node compose.mjs hub.graphql partner.graphql out.graphql
import { readFileSync, writeFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import gql from "graphql-tag";

const [hubFile, partnerFile, outFile] = process.argv.slice(2);
const result = composeServices([
  { name: "hub", url: "http://hub.invalid/graphql", typeDefs: gql(readFileSync(hubFile, "utf8")) },
  { name: "partner", url: "http://partner.invalid/graphql", typeDefs: gql(readFileSync(partnerFile, "utf8")) },
]);
if (result.errors) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
writeFileSync(outFile, result.supergraphSdl);
console.log("composed");

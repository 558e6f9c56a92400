// Composes the subgraphs listed in a JSON file ([{name, url, file}]) with Apollo's own
// composition. Usage: node compose_config.mjs subgraphs.json out.graphql
import { readFileSync, writeFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import gql from "graphql-tag";

const [configFile, outFile] = process.argv.slice(2);
const services = JSON.parse(readFileSync(configFile, "utf8")).map(({ name, url, file }) => ({
  name,
  url,
  typeDefs: gql(readFileSync(file, "utf8")),
}));
const result = composeServices(services);
if (result.errors) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
writeFileSync(outFile, result.supergraphSdl);
console.log("composed");

// A second subgraph, as a partner agency would run it: it extends the hub's Project.
// Usage: node partner_subgraph.mjs PORT
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import gql from "graphql-tag";

const port = Number(process.argv[2]);
const typeDefs = gql(readFileSync(new URL("./partner.graphql", import.meta.url), "utf8"));
const resolvers = {
  Project: {
    __resolveReference: (ref) => ({ id: ref.id, partnerListing: `Listed by the partner: ${ref.id}` }),
  },
  Query: { featuredProjectIds: () => [] },
};
const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }) });
const { url } = await startStandaloneServer(server, { listen: { port, host: "127.0.0.1" } });
console.log(`partner subgraph at ${url}`);

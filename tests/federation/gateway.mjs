// Apollo Gateway serving a composed supergraph. Usage:
//   node gateway.mjs PORT supergraph.graphql HUB_URL PARTNER_URL [BEARER_TOKEN]
import { readFileSync } from "node:fs";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const [port, supergraphFile, hubUrl, partnerUrl, token] = process.argv.slice(2);
const urls = { hub: hubUrl, partner: partnerUrl };
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(supergraphFile, "utf8"),
  buildService: ({ name }) =>
    new RemoteGraphQLDataSource({
      url: urls[name],
      willSendRequest({ request }) {
        if (token && name === "hub") request.http.headers.set("authorization", `Bearer ${token}`);
      },
    }),
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: Number(port), host: "127.0.0.1" } });
console.log(`gateway at ${url}`);

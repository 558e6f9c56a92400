"""The GraphQL documents behind the console's pages."""

PROJECTS = """query ConsoleProjects($lang: String) {
  projects(first: 100) { nodes {
    id acronym title programme programmeLabel(lang: $lang) statusLabel(lang: $lang)
    startsOn endsOn partners { role } } } }"""

PROJECT_NAME = """query ConsoleProjectName($id: ID!) { project(id: $id) { id acronym } }"""

PROJECT_HEALTH = """query ConsoleProjectHealth($id: ID!) {
  budgetSummary(projectId: $id) { budget { amount } validated { amount } declared { amount } }
  deliverables(projectId: $id, first: 100) { nodes { state late } } }"""

PROJECT = """query ConsoleProject($id: ID!, $lang: String, $on: Date) {
  project(id: $id) {
    id acronym title programme programmeLabel(lang: $lang) statusLabel(lang: $lang)
    startsOn endsOn currency planVersion
    reportingPeriods { number startsOn endsOn }
    partners { role roleLabel(lang: $lang) joinedOn leftOn
               organisation { id name country region } } }
  deliverables(projectId: $id, first: 100, on: $on) { nodes {
    id code title workPackage dueOn originalDueOn state stateLabel(lang: $lang) late
    submittedOn acceptedOn rejectionReason responsiblePartner { name } } }
  budgetSummary(projectId: $id) {
    partner { id name } budget { amount currency } declared { amount } validated { amount }
    paid { amount }
    categories { costCategory costCategoryLabel(lang: $lang) budget { amount }
                 declared { amount } validated { amount } } }
  indicators(projectId: $id) { code name unit baseline target achieved }
  activities(projectId: $id, first: 100) { nodes {
    id code title kindLabel(lang: $lang) date startsAt endsAt place { city country venue }
    participantCount carbonKgCo2e cancelled } }
  carbonSummary(projectId: $id) { totalKgCo2e byMode { mode kgCo2e } } }"""

PARTNER_REPORTS = """query ConsoleReports($id: ID!, $lang: String) {
  partnerReports(projectId: $id, first: 100) { nodes {
    id periodNumber state stateLabel(lang: $lang) lineCount partner { name } } } }"""

PROJECT_AS_OF = """query ConsoleAsOf($id: ID!, $at: DateTime, $position: BigInt) {
  projectAsOf(id: $id, at: $at, position: $position) {
    position recordedAt day acronym title status planVersion
    partners { organisationId name role joinedOn leftOn }
    deliverables { code title state dueOn late }
    budget { organisationId costCategory budget { amount } declared { amount }
             validated { amount } } } }"""

AUDIT_TRAIL = """query ConsoleTrail($id: ID!, $after: String) {
  auditTrail(entityId: $id, first: 100, after: $after) {
    nodes { position streamType streamVersion eventType actor organisation clientId
            onBehalfOf command correlationId recordedAt }
    pageInfo { hasNextPage endCursor } } }"""

EVENT_LOG = """query ConsoleLog($after: String, $streamId: ID, $eventTypes: [String!],
                              $actor: String) {
  eventLog(first: 50, after: $after, streamId: $streamId, eventTypes: $eventTypes,
           actor: $actor) {
    nodes { position streamId streamType eventType recordedAt metadata hash }
    pageInfo { hasNextPage endCursor } }
  logHead { position hash } }"""

CHECKPOINT = """query ConsoleCheckpoint {
  auditCheckpoint { treeSize rootHash signedAt keyName origin note }
  logHead { position hash recordedAt } }"""

DELIVERABLE_CHOICES = """query ConsoleDeliverableChoices($id: ID!, $lang: String) {
  deliverables(projectId: $id, first: 100) { nodes {
    id code title state stateLabel(lang: $lang) } } }"""

"""The GraphQL mutations behind the console's forms (the same command handlers as the API)."""

DELIVERABLE_TRANSITIONS = {
    "start_drafting": """mutation($input: StartDraftingDeliverableInput!) {
      startDraftingDeliverable(input: $input) { id position } }""",
    "submit": """mutation($input: SubmitDeliverableInput!) {
      submitDeliverable(input: $input) { id position } }""",
    "accept": """mutation($input: AcceptDeliverableInput!) {
      acceptDeliverable(input: $input) { id position } }""",
    "reject": """mutation($input: RejectDeliverableInput!) {
      rejectDeliverable(input: $input) { id position } }""",
}

RECORD_EXPENDITURE = """mutation($input: RecordExpenditureInput!) {
  recordExpenditure(input: $input) { id position lineNumber } }"""

MAKE_DEDUCTION = """mutation($input: MakeDeductionInput!) {
  makeDeduction(input: $input) { id position } }"""

RECORD_ACTIVITY = """mutation($input: RecordActivityInput!) {
  recordActivity(input: $input) { id position } }"""

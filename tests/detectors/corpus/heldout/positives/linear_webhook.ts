import { LinearClient } from "@linear/sdk";

const linear = new LinearClient({ apiKey: "⟦linear_key/sdk:lin_api_DH78O4uhRnDLmLvLR11osCeX4omviXjjy7KYllgX⟧" });

export async function createIncidentIssue(title: string) {
  const team = await linear.team("INC");
  return linear.createIssue({ teamId: team.id, title, priority: 1 });
}

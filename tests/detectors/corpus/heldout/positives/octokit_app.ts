import { Octokit } from "@octokit/rest";

// installation token copied from `gh api` while debugging the release bot
const octokit = new Octokit({ auth: "⟦github_token/installation:ghs_N1Z4DiNeF4GAm3xtZNdZTSqqFj574k4KQEPw⟧" });

export async function latestRelease(repo: string) {
  const { data } = await octokit.repos.getLatestRelease({ owner: "northwind", repo });
  return data.tag_name;
}

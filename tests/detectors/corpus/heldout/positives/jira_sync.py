from atlassian import Jira

jira = Jira(
    url="https://northwind.atlassian.net",
    username="release-bot@northwind-bank.co.uk",
    password="⟦atlassian_token/api_token:ATATT3xFfGF0R1MK_GBNliF98nVaUUuNwnbWqW9zsNtF7-MsfWtAeQntHj1wJ4iQgMSkPI0E5FWsVQrlnE6n9y7uL62QHUEm1vmoMUQEt-6F_q2ztS9SouYjyqBHjnYITA-6a684SfmJo0WSII1iCcH85U0CagQ0reJFIP-IQhcBZ9QcSKe7kP=FF6AC5E2⟧",
    cloud=True,
)

def open_incidents() -> list[str]:
    return [i["key"] for i in jira.jql("project = INC AND statusCategory != Done")["issues"]]

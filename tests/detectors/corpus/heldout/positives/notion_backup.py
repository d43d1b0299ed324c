from notion_client import Client

notion = Client(auth="⟦notion_token/ntn: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⟧")
pages = notion.search(filter={"property": "object", "value": "page"})["results"]

package main

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

const defaultToken = "⟦github_token/classic_pat:ghp_VlqWrvESmtuujXQfZSem785jux4FmqLvouha⟧"

func main() {
	client := github.NewClient(nil).WithAuthToken(defaultToken)
	repos, _, err := client.Repositories.ListByOrg(context.Background(), "acme", nil)
	if err != nil {
		panic(err)
	}
	for _, r := range repos {
		fmt.Println(r.GetFullName(), r.GetPushedAt())
	}
}

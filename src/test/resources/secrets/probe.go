// Command probe reads secrets through the Go template's secrets package, as a handler would, and prints their lengths
// (never a value).
package main

import (
	"context"
	"fmt"

	"greeter/secrets"
)

func main() {
	ctx := context.Background()
	denied := "read"
	if _, err := secrets.Get(ctx, "DENIED"); err != nil {
		denied = err.Error()
	}
	db, err := secrets.Get(ctx, "DB_PASSWORD")
	if err != nil {
		panic(err)
	}
	key, err := secrets.Get(ctx, "SIGNING_KEY")
	if err != nil {
		panic(err)
	}
	fmt.Printf("db=%d key=%d denied=%s\n", len(db), len(key), denied)
}

module github.com/brief-cli/brief

go 1.26.8

module github.com/ThalesGroup/crypto11

go 1.25.0

toolchain go1.25.8

require (
	github.com/miekg/pkcs11 v1.1.2
	github.com/pkg/errors v0.9.1
	github.com/stretchr/testify v1.11.1
	github.com/thales-e-security/pool v0.0.2
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

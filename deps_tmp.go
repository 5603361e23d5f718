package main
import (
 _ "github.com/xuri/excelize/v2"
 _ "github.com/nguyenthenguyen/docx"
 _ "codeberg.org/go-pdf/fpdf"
 _ "github.com/BurntSushi/toml"
 _ "github.com/digitorus/pdfsign/sign"
 _ "software.sslmate.com/src/go-pkcs12"
 _ "golang.org/x/text/unicode/norm"
)
func main(){}

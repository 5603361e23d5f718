package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/baocao-vn/baocao/generator/sign"
)

// printTimestamp shows a signature's RFC 3161 timestamp in verify's text report.
func printTimestamp(w io.Writer, ts *sign.Timestamp, rootsGiven bool, yes map[bool]string) {
	if ts == nil {
		fmt.Fprintln(w, "  dấu thời gian:        không có (thời gian ký theo đồng hồ của máy ký)")
		return
	}
	if ts.Error != "" {
		fmt.Fprintf(w, "  dấu thời gian:        KHÔNG đọc được (%s)\n", ts.Error)
		return
	}
	fmt.Fprintf(w, "  dấu thời gian:        %s, cấp bởi %s\n", ts.Time.Format(time.RFC3339), ts.Authority)
	fmt.Fprintf(w, "    khớp với chữ ký:    %s\n", yes[ts.ImprintMatches])
	fmt.Fprintf(w, "    chữ ký của TSA:     %s\n", map[bool]string{true: "hợp lệ", false: "KHÔNG hợp lệ"}[ts.TokenValid])
	if rootsGiven {
		fmt.Fprintf(w, "    TSA tin cậy:        %s\n", yes[ts.Trusted])
	} else {
		fmt.Fprintln(w, "    TSA tin cậy:        CHƯA KIỂM TRA (không có --roots)")
	}
}

// printRevocation shows the OCSP responses and CRLs embedded in a signature.
func printRevocation(w io.Writer, rs []sign.Revocation) {
	if len(rs) == 0 {
		fmt.Fprintln(w, "  dữ liệu thu hồi:      không nhúng (không kiểm tra được sau khi chứng thư hết hạn)")
		return
	}
	for _, r := range rs {
		valid := "hợp lệ"
		if !r.Valid {
			valid = "KHÔNG hợp lệ với chuỗi chứng thư"
		}
		fmt.Fprintf(w, "  dữ liệu thu hồi:      %s, %s: %s (lúc %s; %s)\n", r.Kind, r.Subject, r.Status, r.Produced.Format(time.RFC3339), valid)
	}
}

// verifyReport is verify --json's output, for machines: the same facts as the text report.
type verifyReport struct {
	File       string            `json:"file"`
	Intact     bool              `json:"intact"`
	Trust      string            `json:"trust"` // "trusted", "untrusted" or "not-checked"
	Valid      bool              `json:"valid"` // intact and trusted: exit 0
	Problems   []string          `json:"problems"`
	Signatures []signatureReport `json:"signatures"`
}

type signatureReport struct {
	Signer         string             `json:"signer"`
	Organization   string             `json:"organization,omitempty"`
	SigningTime    string             `json:"signingTime,omitempty"` // RFC 3339, +07:00
	DocMDP         int                `json:"docMDP,omitempty"`
	WholeFile      bool               `json:"wholeFile"`
	DigestMatches  bool               `json:"digestMatches"`
	SignatureValid bool               `json:"signatureValid"`
	CertsValid     bool               `json:"certificatesValid"`
	Trusted        *bool              `json:"trusted"` // null when no --roots
	Timestamp      *timestampReport   `json:"timestamp"`
	Revocation     []revocationReport `json:"revocation"`
}

type revocationReport struct {
	Kind     string `json:"kind"` // OCSP or CRL
	Subject  string `json:"subject"`
	Status   string `json:"status"`
	Revoked  bool   `json:"revoked"`
	Produced string `json:"produced,omitempty"` // RFC 3339, +07:00
	Valid    bool   `json:"valid"`
}

type timestampReport struct {
	Time           string `json:"time,omitempty"` // RFC 3339, +07:00, the TSA's clock
	Authority      string `json:"authority,omitempty"`
	ImprintMatches bool   `json:"imprintMatches"`
	TokenValid     bool   `json:"tokenValid"`
	Trusted        *bool  `json:"trusted"`
	Error          string `json:"error,omitempty"`
}

func writeVerifyJSON(w io.Writer, name string, res *sign.Result) {
	r := verifyReport{File: name, Intact: res.Intact(), Valid: res.OK(), Problems: res.Problems()}
	r.Trust = map[sign.Trust]string{sign.Trusted: "trusted", sign.Untrusted: "untrusted", sign.TrustNotChecked: "not-checked"}[res.Trust()]
	if r.Problems == nil {
		r.Problems = []string{}
	}
	for _, s := range res.Signatures {
		sr := signatureReport{Signer: s.SignerName, Organization: s.Organization, DocMDP: s.DocMDP, WholeFile: s.WholeFile,
			DigestMatches: s.DigestMatches, SignatureValid: s.SignatureValid, CertsValid: s.CertsValid}
		if !s.SigningTime.IsZero() {
			sr.SigningTime = s.SigningTime.In(sign.Vietnam).Format(time.RFC3339)
		}
		if res.RootsGiven {
			sr.Trusted = &s.Trusted
		}
		if ts := s.Timestamp; ts != nil {
			tr := &timestampReport{Authority: ts.Authority, ImprintMatches: ts.ImprintMatches, TokenValid: ts.TokenValid, Error: ts.Error}
			if !ts.Time.IsZero() {
				tr.Time = ts.Time.In(sign.Vietnam).Format(time.RFC3339)
			}
			if res.RootsGiven {
				tr.Trusted = &ts.Trusted
			}
			sr.Timestamp = tr
		}
		sr.Revocation = []revocationReport{}
		for _, rv := range s.Revocation {
			rr := revocationReport{Kind: rv.Kind, Subject: rv.Subject, Status: rv.Status, Revoked: rv.Revoked, Valid: rv.Valid}
			if !rv.Produced.IsZero() {
				rr.Produced = rv.Produced.In(sign.Vietnam).Format(time.RFC3339)
			}
			sr.Revocation = append(sr.Revocation, rr)
		}
		r.Signatures = append(r.Signatures, sr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(r)
}

// Package conf is the one way the library reads configuration files:
// rules, policies, unit directories and holiday notices.
//
// A file is one YAML document (JSON is YAML too). [Decode] reads it into a
// typed struct strictly: an unknown key, a key given twice, a value of the
// wrong kind, an empty file, a tag other than the core schema's
// ("!!binary", "!custom"), a file larger than [MaxSize] and aliases that
// stand for many times the file's own nodes are refused (see [Parse]), and
// every refusal is an [*Error] with the line, column and path of the
// offending key or value.
// Every file shares two conveniences and no others: one scalar where a
// list of scalars belongs is a list of one, and a quoted number where a
// number belongs is that number.
// Mistakes found after decoding (a name that does not resolve, a number
// out of range) get the same position with [At]. A list whose items are
// decoded one by one, so that an error can name the item, is a field of
// type []yaml.Node: decode each with [DecodeNode], and name the item with
// [Field] before decoding it.
//
// A package exports the position in its own error type (the caller cannot
// name this internal one), built from [Split] and [JoinPath], prints it
// with [Position.Suffix] so that every file error says "(line 3, column
// 7)" alike, and may export the sentinels as its own:
//
//	var ErrUnknownField = conf.ErrUnknownField
//
//	func Parse(r io.Reader) (*Config, error) {
//		var f fileConfig
//		if err := conf.Decode(r, &f); err != nil {
//			return nil, wrap(err) // e.g. into a *RuleError with Line and Column
//		}
//		...
//	}
//
//	func LoadFile(path string) (*Config, error) { return conf.LoadFile(path, Parse) }
package conf

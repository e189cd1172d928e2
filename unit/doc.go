// Package unit is the directory of the units that handle hotline orders
// (承办单位): government departments, town governments, village and
// community committees and public utilities. Each unit has an id (the name
// that routing rules, dispatches and audit records use), a display name, a
// kind, the regions it serves and whether it is active.
//
// A Directory is built once, from Go values with New or from a YAML file
// with Parse or LoadFile, and is read-only afterwards. It names the
// fallback unit (兜底单位) too, so that the fallback is configured in one
// place. Package workorder checks every dispatch against it, and package
// routing checks that its rules name only units the directory knows.
//
// A directory file is read the way the library reads every configuration
// file (rules, policies, holiday notices): strictly, refusing unknown keys
// and keys given twice, with every mistake a *FileError that names the
// unit, the field and its line and column.
//
// The YAML form:
//
//	fallback: 清溪镇人民政府
//	units:
//	  - id: 城管分局
//	    name: 清溪镇城管分局
//	    kind: department        # or 部门; town, committee, enterprise
//	    regions: [清溪镇]
//	  - id: 三中村委会
//	    name: 清溪镇三中村村民委员会
//	    kind: committee
//	    regions: [清溪镇/三中村]
//	    inactive: true          # takes no new orders; false when left out
package unit

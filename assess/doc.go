// Package assess computes the assessment figures (考核指标) of 12345 hotline
// units: per unit (or per category) and per period, as Go values, CSV and
// text tables in Chinese or English.
//
// Callers describe each order as one unit handled it in a [Record], pick a
// [Scheme] ([SchemeTown], [SchemeCounty], [SchemeBeijing], or their own), build an
// [Assessor] with [New] and call [Assessor.Compute] for a [Period]. The
// [Report] holds a [Scorecard] per unit, sorted in pinyin order, and the
// totals; [Report.WriteCSV] and [Report.WriteText] print it, and it encodes
// to JSON as it is. Records too many to hold at once (a city's year) are
// counted one at a time by a [Tally] ([Assessor.Tally]), which gives the
// same report. [LateOrders] lists the records that count late for a
// unit. [Report.Table] and [LateList.Table] lay both out as a [Table], the
// one column definition that their CSV writers and package assess/xlsx's
// spreadsheets print. The package imports only the shared vocabulary of
// this module (the root package), not the lifecycle; package workorder turns its orders and audit trails into records
// (Service.Assessment).
//
// # Which records count in a period
//
// A period P is the half-open interval [From, To). Each figure counts the
// records whose deciding event falls in P, and judges them by what had
// happened by To, so that a past period gives the same figures from any
// later snapshot of the records:
//
//   - received in P (Received in P): 受理量, 响应率, 退单率, 不当退单率,
//     emergencies;
//   - due in P (Due in P): 按期办结率, 延期率;
//   - closed in P (Closed in P): 办结量, 重办率;
//   - rated in P (Rated in P): 满意率, 解决率;
//   - open at To: 超期未办结.
//
// To must therefore not be later than the instant the records were read.
// A record still open then is judged at To as if nothing would happen
// before To: were its deadline between that instant and To, it would
// count as late although it was not yet due. For a period still running
// use [MonthToDate], or set To to the current instant; then an open record
// not yet due is never late, and one still within its sign limit is
// pending.
//
// # Formulas
//
// Every rate is a [Rate] Num/Den. When Den is 0 the rate is undefined:
// [Rate.Defined] is false, [Rate.Value] returns 0, and text tables print
// "-".
//
// 响应率 (response rate): records received in P whose Signed is no later
// than SignDue, over records received in P that have a SignDue. A record
// not signed by To whose SignDue is To or later is still within its limit
// and is left out.
//
// 按期办结率 (on-time completion rate): records due in P that were closed no
// later than Due, over records due in P. Due is the final deadline, after
// approved extensions and suspensions.
//
// 超期未办结 (overdue count): records whose Due is before To and that were
// not closed before To, whenever they fell due.
//
// 退单率 (return rate): records received in P that Unit returned at least
// once, over records received in P.
//
// 不当退单率 (improper return rate): the returns of the records received in
// P that the centre refused (ImproperReturns), over all the returns Unit
// made or asked for on them (Returns). It counts returns, not records: a
// unit that asked twice and was refused once has 1/2. Where the centre
// does not review returns nothing is refused and the rate is 0.
//
// 重办率 (reopen rate): records closed in P that were reopened at least
// once, over records closed in P.
//
// 延期率 (extension rate): records due in P with at least one extension,
// over records due in P.
//
// 督办率 (supervision rate): records due in P with at least one supervision
// order (督办单, Record.Supervisions), over records due in P. 约谈率 (talk
// rate) and 通报率 (criticism rate): records due in P whose supervision
// ended in a talk with the unit's leaders (Record.Talks) or a public
// criticism (Record.Criticisms), over records due in P.
//
// 解决率 (resolution rate): records rated in P answered 已解决, over records
// rated in P with an answer to 是否解决.
//
// 满意率 (satisfaction rate): the sum of the weights of the answers rated in
// P, over the number of those answers times the top weight
// ([SatisfactionWeights]). With [SatisfactionThreeLevel] (the default) this
// is (满意 + 基本满意) / 参评件数; with [SatisfactionFiveLevel] it is the mean
// of 4, 3, 2, 1, 0 for 非常满意 to 非常不满意, divided by 4.
//
// 综合得分 (score): for the scheme's weights w_i over rates v_i, counting a
// lower-is-better rate (退单率, 不当退单率, 重办率, 延期率, 督办率, 约谈率,
// 通报率) as 1 - v_i,
//
//	score = 100 × Σ w_i·v_i / Σ w_i
//
// summed over the weighted rates that are defined, so a rate with no
// records neither helps nor hurts. With none defined there is no score.
// [SchemeBeijing] weights Beijing's 三率: 响应率 10, 解决率 45, 满意率 45.
// [SchemeCounty] weights 响应率 30, 解决率 35, 满意率 35, and [SchemeTown]
// 响应率 20, 按期办结率 30, 解决率 20, 满意率 30 (schemes/town.yaml). A
// Scheme without weights takes [WeightsDefault]: 响应率 30, 按期办结率 35,
// 满意率 35, which need no 是否解决 answers.
//
// # The centre's intake
//
// What the centre decides itself at intake is not any unit's and has no
// [Record]: callers describe each accepted order once as an [Intake] and
// call [ComputeIntake], which counts the intakes received in P
// (Received in P), judged by what had happened before To, by category, by
// classification code (诉求分类) or in total:
//
//   - 受理量 (Received): intakes received in P;
//   - Withdrawn: those cancelled (撤单), declined (不予受理) or merged
//     (并单) before To, which count in no rate;
//   - 转办量 (Transferred): those handed over to another body before To,
//     also counted per body; they are counted apart, in no unit's figure;
//   - 直接答复率 (direct-answer rate): those the centre answered itself from
//     its knowledge base before To, over those neither withdrawn nor
//     transferred before To;
//   - 转办率 (transfer rate): Transferred over those not withdrawn before
//     To.
//
// # Schemes as files
//
// [ParseScheme] and [LoadScheme] read a [Scheme] from YAML: its weights
// (adding up to 100), its targets ([Target], checked by
// [Assessor.Misses]: the 解决率 ≥ 92% goal of Dongguan's 2025 city targets
// is "{rate: resolution, min: 0.92}") and the exemption reasons it
// honours. Every mistake comes with the file's line. schemes/town.yaml is
// the town's scheme weighing 解决率, [SchemeTown] as a file: 响应率 20,
// 按期办结率 30, 解决率 20, 满意率 30.
//
// # Persons, posts and leaders
//
// A [Record] may name the person who handled it inside its unit (经办人),
// their post (岗位) and the unit leader who led it personally (领办).
// [ByPerson], [ByPost] and [ByLeader] give a row per unit and person, post
// or leader, named "unit/person"; every formula above holds within the
// row. Records without a person stay in the row "unit/" so that an order
// nobody took still counts against the unit; ByLeader has rows for the
// leader-led records only.
//
// # Exemptions (差评甄别)
//
// A record may be exempted (不纳入考核) after the centre's review with a
// supervisor's approval, for a coded reason ([ExemptReasonsDefault]:
// 诉求不合理, 超出政府职权范围, 恶意来电). When the scheme honours the reason
// ([ExemptRules]), [ExemptVerdict] leaves the record out of the numerator
// and the denominator of 满意率 and 解决率 (and of Rated and Ratings), and
// [ExemptOrder] leaves it out of every figure; either adds one to the
// row's Exempted. Every exemption of a record that counts in the period,
// honoured or not, is listed in [Report.Exemptions] with its unit and
// reason, so an exemption cannot hide a failure unseen; an exemption the
// scheme does not honour counts as if it were not there.
//
// # Totals and order
//
// Report.Total sums every count of the rows, so per-unit counts add up to
// the totals; an order that went through two units counts once for each.
// Rows are sorted with golang.org/x/text/collate's Chinese collation, which
// orders Han characters by pinyin (城管分局, 派出所, 生态环境分局, 住建局) and
// Latin letters alphabetically before them, in every output language.
// Characters with several readings sort by the one the collation data
// gives (长 as zhang, 重 as zhong); reorder Rows if that is wrong for a name.
package assess

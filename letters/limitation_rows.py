"""The rows of the statute-of-limitations table (`letters.limitations`, which reads them): for each
of the 56 jurisdictions of `debts.vocabulary.US_REGIONS`, the years and statute for each kind of
obligation, the revival rule and its citation, where the row was checked and when, and whether it
was verified. Data only; what the rows mean, and every answer drawn from them, is in
`letters.limitations`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CHECKED_ON = dt.date(2026, 12, 8)


@dataclass(frozen=True)
class Limitations:
    region: str  # a code of debts.vocabulary.US_REGIONS
    years: dict[str, int]  # by obligation (`letters.limitations.OBLIGATIONS`)
    citations: dict[str, str]  # by obligation: the statute
    remarks: dict[str, str]  # by obligation, where there is one: other periods, dormancy (for the legal review)
    revival: str  # a key of `letters.limitations.REVIVAL_RULES`
    revival_citation: str
    source: str  # where the row was checked (a URL), or what it was written from
    checked_on: dt.date
    verified: bool


def _row(region: str, written: tuple[int, str], open_account: tuple[int, str], note: tuple[int, str],
         judgment: tuple[int, str], revival: str = "writing_or_payment", revival_citation: str = "",
         source: str = "", verified: bool = False) -> Limitations:
    kinds = ("written_contract", "open_account", "promissory_note", "judgment")
    periods = (written, open_account, note, judgment)
    # a citation's closing remark in parentheses ("(4 if not written, § 2305.07)") is kept apart
    split = {k: p[1].partition(" (") for k, p in zip(kinds, periods, strict=True)}
    return Limitations(region, {k: p[0] for k, p in zip(kinds, periods, strict=True)},
                       {k: cite for k, (cite, _, _) in split.items()},
                       {k: remark.removesuffix(")") for k, (_, _, remark) in split.items() if remark},
                       revival, revival_citation,
                       source or "Written from the statutes cited; not checked in a source in this session.",
                       CHECKED_ON, verified)


SLL_TEXAS = ("https://faq.sll.texas.gov/questions/9617 (Texas State Law Library: § 16.004); "
             "https://resolvegroup.io/texas-debt-statute-limitations (§ 392.307); "
             "https://observed.org/statute-of-limitations-on-debt-in-texas/ (§ 3.118)")
NY_SOURCES = ("https://www.acainternational.org/news/new-york-shortens-statute-of-limitations-on-consumer-credit-"
              "transactions/ (text of CPLR 214-i); https://nyassembly.gov/leg/?Text=Y&bn=S04827&term=2019")

TABLE: dict[str, Limitations] = {row.region: row for row in (
    _row("US-AL", (6, "Ala. Code § 6-2-34"),
         (6, "Ala. Code § 6-2-34 (3 for an open account, § 6-2-37; courts differ on credit cards)"),
         (6, "Ala. Code § 6-2-34"), (20, "Ala. Code § 6-9-190"),
         source="https://observed.org/statute-of-limitations-on-debt-in-alabama/; https://www.solosuit.com/posts/"
         "statute-limitations-debt-alabama (quotes § 6-2-37)", verified=True),
    _row("US-AK", (3, "Alaska Stat. § 09.10.053"), (3, "Alaska Stat. § 09.10.053"),
         (6, "Alaska Stat. § 45.03.118 (3 if not negotiable, § 09.10.053)"), (10, "Alaska Stat. § 09.10.040"),
         source="https://observed.org/statute-of-limitations-on-debt-in-alaska/ (§ 09.10.053: a contract, 3 years, "
         "credit cards included; notes payable at a definite time, 6 years, § 45.03.118)", verified=True),
    _row("US-AZ", (6, "Ariz. Rev. Stat. § 12-548"), (6, "Ariz. Rev. Stat. § 12-548(A)(2) (credit cards)"),
         (6, "Ariz. Rev. Stat. § 12-548"), (10, "Ariz. Rev. Stat. § 12-1551"),
         source="https://self-law.org/code/az/title-12/12-548 (text); https://www.azcourts.gov/legalinfohub/Legal-"
         "Info-Sheets/Consumer-Debt/Statute-of-Limitations-SOL (Arizona courts: written contracts, most credit "
         "cards and medical debt, 6 years)", verified=True),
    _row("US-AR", (5, "Ark. Code § 16-56-111(a)"),
         (5, "Ark. Code § 16-56-111(a) (3 for unwritten accounts, § 16-56-105)"),
         (5, "Ark. Code § 16-56-111(a)"), (10, "Ark. Code § 16-56-114"), "writing_or_payment",
         "Ark. Code § 16-56-111",
         "https://docketmath.com/blog/statute-of-limitations-debt-on-a-promissory-note-arkansas (quotes § 16-56-111(a)); "
         "https://law.onecle.com/arkansas/title-16/16-56-105.html (text of § 16-56-105); a partial payment or written "
         "acknowledgment restarts it, https://www.myfairdebt.com/forum/viewtopic.php?f=162&t=1743", verified=True),
    _row("US-CA", (4, "Cal. Civ. Proc. Code § 337"), (4, "Cal. Civ. Proc. Code § 337(a)"),
         (4, "Cal. Civ. Proc. Code § 337"), (10, "Cal. Civ. Proc. Code § 683.020"), "writing",
         "Cal. Civ. Proc. Code §§ 337(d), 360", "https://self-law.org/code/ca/code-of-civil-procedure/337 (text of "
         "§ 337(a), (b) and (d))", verified=True),
    _row("US-CO", (6, "Colo. Rev. Stat. § 13-80-103.5"), (6, "Colo. Rev. Stat. § 13-80-103.5(1)(a)"),
         (6, "Colo. Rev. Stat. § 13-80-103.5"), (20, "Colo. Rev. Stat. § 13-52-102"),
         source="https://law.justia.com/codes/colorado/2021/title-13/article-80/section-13-80-103-5/ (text: a "
         "liquidated or determinable debt, 6 years)", verified=True),
    _row("US-CT", (6, "Conn. Gen. Stat. § 52-576(a)"), (6, "Conn. Gen. Stat. § 52-576(a)"),
         (6, "Conn. Gen. Stat. § 52-576(a)"), (20, "Conn. Gen. Stat. § 52-598"),
         source="https://law.justia.com/codes/connecticut/2022/title-52/chapter-926/section-52-576 (text: an "
         "account, a simple or implied contract or a contract in writing, 6 years)", verified=True),
    _row("US-DE", (3, "Del. Code tit. 10, § 8106(a)"), (3, "Del. Code tit. 10, § 8106(a)"),
         (6, "Del. Code tit. 10, § 8109"), (10, "Del. Code tit. 10, § 4711"),
         source="https://docketmath.com/blog/statute-of-limitations-written-contract-delaware (quotes § 8106(a): a "
         "debt not under seal, an account, an action based on a promise, 3 years); § 8109 for notes not read",
         verified=True),
    _row("US-DC", (3, "D.C. Code § 12-301(a)(7)"), (3, "D.C. Code § 12-301(a)(7)"), (3, "D.C. Code § 12-301(a)(7)"),
         (12, "D.C. Code § 15-101"),
         source="https://code.dccouncil.gov/us/dc/council/code/titles/12/chapters/3/index.full.html (text: a simple "
         "contract, 3 years; under seal, 12). Whether D.C. Code § 28-3814 bars revival of a time-barred consumer debt "
         "was not checked", verified=True),
    _row("US-FL", (5, "Fla. Stat. § 95.11(2)(b)"), (5, "Fla. Stat. § 95.11(2)(b) (4 if not written, § 95.11(3))"),
         (5, "Fla. Stat. § 95.11(2)(b)"), (20, "Fla. Stat. § 95.11(1)"), "writing_or_payment", "Fla. Stat. § 95.04",
         "https://legalclarity.org/chapter-95-florida-statutes-the-statute-of-limitations; "
         "https://www.cosmodca.com/blog/debt-collector-statute-of-limitations-florida (§§ 95.11(2)(b), (3)(k), 95.04)",
         verified=True),
    _row("US-GA", (6, "Ga. Code § 9-3-24"),
         (6, "Ga. Code § 9-3-24 (credit cards: Hill v. American Express, 289 Ga. App. 576 (2008); 4 for other open "
             "accounts, § 9-3-25)"),
         (6, "Ga. Code § 9-3-24"), (7, "Ga. Code § 9-12-60 (dormancy)"), "writing", "Ga. Code § 9-3-110",
         "http://casetext.com/case/hill-v-american-express (quotes §§ 9-3-24 and 9-3-25); § 9-3-110 quoted at "
         "https://whychat.me/States/state-ga.html", verified=True),
    _row("US-HI", (6, "Haw. Rev. Stat. § 657-1(1)"), (6, "Haw. Rev. Stat. § 657-1(1)"),
         (6, "Haw. Rev. Stat. § 657-1(1)"), (10, "Haw. Rev. Stat. § 657-5"),
         source="https://casetext.com/statute/hawaii-revised-statutes/division-4-courts-and-judicial-proceedings/"
         "title-36-civil-remedies-and-defenses-and-special-proceedings/chapter-657-limitation-of-actions/part-i-"
         "personal-actions/section-657-1-six-years (text: any debt founded upon any contract, 6 years)", verified=True),
    _row("US-ID", (5, "Idaho Code § 5-216"), (5, "Idaho Code § 5-216 (4 if not written, § 5-217)"),
         (5, "Idaho Code § 5-216"), (10, "Idaho Code § 10-1110"),
         source="https://businesslegalconsulting.com/faq-items/what-is-a-statute-of-limitation/ (§ 5-216, 5 years; "
         "§ 5-217, 4); https://www.studicata.com/summaries/court-of-appeals-of-idaho/eagle-water-company-v-roundy-"
         "pole-fence-company-1999-o2lmzs (an open account, 4 years)", verified=True),
    _row("US-IL", (10, "735 ILCS 5/13-206"), (10, "735 ILCS 5/13-206 (5 if not written, 5/13-205)"),
         (10, "735 ILCS 5/13-206"), (20, "735 ILCS 5/13-218"), "writing_or_payment", "735 ILCS 5/13-206",
         "https://ilga.gov/legislation/ilcs/documents/073500050K13-206.htm (text of 13-206: a payment or a written "
         "promise restarts the 10 years); 13-205 quoted at https://docketmath.com/blog/statute-of-limitations-oral-"
         "contract-illinois", verified=True),
    _row("US-IN", (6, "Ind. Code § 34-11-2-9"), (6, "Ind. Code § 34-11-2-7"), (6, "Ind. Code § 34-11-2-9"),
         (20, "Ind. Code § 34-11-2-12"),
         source="https://commercialforeclosureblog.typepad.com/indiana_commercial_forecl/2017/07/indianas-statute-of-"
         "limitations-for-open-account-claims-suppliers-case-too-late.html (§ 34-11-2-7: accounts, 6 years; "
         "§ 34-11-2-9: notes and written contracts for the payment of money, 6 years)", verified=True),
    _row("US-IA", (10, "Iowa Code § 614.1(5)"),
         (10, "Iowa Code § 614.1(5) (5 without a signed contract, § 614.1(4): Gemini Capital Group v. New (2011))"),
         (10, "Iowa Code § 614.1(5)"), (20, "Iowa Code § 614.1(6)"), "writing", "Iowa Code § 614.11",
         "https://observed.org/statute-of-limitations-on-debt-in-iowa/ (§ 614.1(5), 10 years written; (4), 5 "
         "unwritten; credit cards disputed); https://whychat.me/States/state-io.html (text of § 614.11: a signed "
         "written admission or new promise revives)", verified=True),
    _row("US-KS", (5, "Kan. Stat. § 60-511"), (5, "Kan. Stat. § 60-511 (3 if not written, § 60-512)"),
         (5, "Kan. Stat. § 60-511"), (5, "Kan. Stat. § 60-2403 (dormancy)"), "writing_or_payment",
         "Kan. Stat. § 60-520",
         "https://www.ksrevisor.org/statutes/chapters/ch60/060_005_0011.html (text of § 60-511); "
         "https://limitationsofactions.uslegal.com/state-laws/kansas-statute-of-limitation/ (§ 60-512, 3 years)",
         verified=True),
    _row("US-KY", (15, "Ky. Rev. Stat. § 413.090(2) (10 for contracts executed after July 15, 2014, § 413.160)"),
         (15, "Ky. Rev. Stat. § 413.090(2) (5 if not written or a merchant's account, § 413.120)"),
         (15, "Ky. Rev. Stat. § 413.090(2) (5 on the footing of a bill of exchange, § 413.120(7))"),
         (15, "Ky. Rev. Stat. § 413.090(1)"),
         source="https://self-law.org/code/ky/413-160 (text of § 413.160); https://casetext.com/statute/kentucky-"
         "revised-statutes/title-36-statutory-actions-and-limitations/chapter-413-limitation-of-actions/actions-"
         "other-than-those-relating-to-real-property/section-413120-actions-to-be-brought-within-five-years (text of "
         "§ 413.120); § 413.090's 15 years for older contracts not read", verified=True),
    _row("US-LA", (10, "La. Civ. Code art. 3499"), (3, "La. Civ. Code art. 3494"), (5, "La. Civ. Code art. 3498"),
         (10, "La. Civ. Code art. 3501"),
         source="https://legis.la.gov/Legis/Law.aspx?d=110518 (art. 3494: an open account, money lent, 3 years); "
         "https://lcco.law.lsu.edu/?uid=143&ver=en (arts. 3498, 3499, 3501)", verified=True),
    _row("US-ME", (6, "Me. Rev. Stat. tit. 14, § 752"), (6, "Me. Rev. Stat. tit. 14, § 752"),
         (6, "Me. Rev. Stat. tit. 14, § 752 (20 for a witnessed note, § 751, but not for a debt collector, tit. 32, "
             "§ 11013(8))"), (20, "Me. Rev. Stat. tit. 14, § 864"), "nothing_revives",
         "Me. Rev. Stat. tit. 32, § 11013(8) (a debt collector's suit)",
         "https://observed.org/statute-of-limitations-on-debt-in-maine/ (§ 752, 6 years); "
         "http://gosselindubord.com/2016/01/maines-limitation-period-process-changed-for-debt-collectors/ (§ 11013(8): "
         "a debt collector may not sue more than 6 years after the last activity, and once the period has run no "
         "later activity revives it)", verified=True),
    _row("US-MD", (3, "Md. Code, Cts. & Jud. Proc. § 5-101"), (3, "Md. Code, Cts. & Jud. Proc. § 5-101"),
         (6, "Md. Code, Com. Law § 3-118"), (12, "Md. Code, Cts. & Jud. Proc. § 5-102"), "nothing_revives",
         "Md. Code, Cts. & Jud. Proc. § 5-1202(b)",
         "https://www.peoples-law.org/time-limits-debts (Maryland's legal-aid library: 3 years, judgments 12); "
         "https://self-law.org/code/md/courts-and-judicial-proceedings/5-1202 (text of § 5-1202)", verified=True),
    _row("US-MA", (6, "Mass. Gen. Laws ch. 260, § 2"), (6, "Mass. Gen. Laws ch. 260, § 2"),
         (6, "Mass. Gen. Laws ch. 260, § 2"), (20, "Mass. Gen. Laws ch. 260, § 20"), "writing_or_payment",
         "Mass. Gen. Laws ch. 260, §§ 13, 14",
         "https://whychat.me/States/state-mass.html (text of ch. 260, §§ 2 and 13); "
         "https://legalclarity.org/massachusetts-statute-of-limitations-on-debt", verified=True),
    _row("US-MI", (6, "Mich. Comp. Laws § 600.5807(9)"), (6, "Mich. Comp. Laws § 600.5807(9)"),
         (6, "Mich. Comp. Laws § 600.5807(9)"), (10, "Mich. Comp. Laws § 600.5809(3)"),
         source="https://casetext.com/statute/michigan-compiled-laws/chapter-600-revised-judicature-act-of-1961/"
         "subchapter-chapter-13-jurors/subchapter-chapter-58-limitation-of-actions/section-6005807-damages-for-"
         "breach-of-contract-specific-performance-period-of-limitations-bond-deed-mortgage-surety-bond-appeal-bond-"
         "public-obligations-other-actions (text); https://legalclarity.org/what-is-michigans-breach-of-contract-"
         "statute-of-limitations/", verified=True),
    _row("US-MN", (6, "Minn. Stat. § 541.05, subd. 1(1)"), (6, "Minn. Stat. § 541.05, subd. 1(1)"),
         (6, "Minn. Stat. § 541.05, subd. 1(1)"), (10, "Minn. Stat. § 541.04"),
         source="http://statutes.laws-info.com/minnesota/540-552/541/541_05 (text: a contract or other obligation, "
         "6 years)", verified=True),
    _row("US-MS", (3, "Miss. Code § 15-1-49"), (3, "Miss. Code § 15-1-29"),
         (6, "Miss. Code § 75-3-118 (notes; 3 otherwise, § 15-1-49)"), (7, "Miss. Code § 15-1-43"), "extinguished",
         "Miss. Code § 15-1-3",
         "https://whychat.me/States/state-miss.html (text of §§ 15-1-29 and 15-1-3); "
         "https://legalclarity.org/mississippi-debt-statute-of-limitations-a-comprehensive-guide (§ 15-1-49); notes "
         "6 years per https://www.craigpanterlaw.com/2017/02/25/603/ (the section cited for them was not read)",
         verified=True),
    _row("US-MO", (10, "Mo. Rev. Stat. § 516.110"), (10, "Mo. Rev. Stat. § 516.110 (5 if not written, § 516.120)"),
         (10, "Mo. Rev. Stat. § 516.110"), (10, "Mo. Rev. Stat. § 516.350"),
         source="https://docketmath.com/blog/statute-of-limitations-written-contract-missouri (text of § 516.110); "
         "https://observed.org/statute-of-limitations-on-debt-in-missouri/ (§ 516.120, 5 years; credit cards "
         "disputed)", verified=True),
    _row("US-MT", (8, "Mont. Code § 27-2-202(1)"),
         (8, "Mont. Code § 27-2-202(1) (5 if not written, § 27-2-202(2): Colorado National Bank v. Story, 261 Mont. "
             "375 (1993))"),
         (8, "Mont. Code § 27-2-202(1)"), (10, "Mont. Code § 27-2-201"),
         source="https://leg.mt.gov/bills/2001/mca/27/2/27-2-202.htm (text, 2001: written 8 years, an unwritten "
         "contract or account 5); http://print.casetext.com/case/colorado-national-bank-v-story/case-summaries",
         verified=True),
    _row("US-NE", (5, "Neb. Rev. Stat. § 25-205"), (5, "Neb. Rev. Stat. § 25-205 (4 if not written, § 25-206)"),
         (5, "Neb. Rev. Stat. § 25-205"), (5, "Neb. Rev. Stat. § 25-1515 (dormancy)"),
         source="http://www.leg.ne.gov/laws/statutes.php?statute=25-205 and "
         "https://nebraskalegislature.gov/laws/statutes.php?statute=25-206 (texts: 5 years written, 4 unwritten)",
         verified=True),
    _row("US-NV", (6, "Nev. Rev. Stat. § 11.190(1)(b)"),
         (6, "Nev. Rev. Stat. § 11.190(1)(b) (4 for an open or store account, or if not written, § 11.190(2))"),
         (6, "Nev. Rev. Stat. § 11.190(1)(b)"), (6, "Nev. Rev. Stat. § 11.190(1)(a)"),
         source="https://whychat.me/States/state-nev.html (text of § 11.190(1), (2)); § 11.190(2)(c) quoted at "
         "https://docketmath.com/blog/statute-of-limitations-unjust-enrichment-restitution-nevada", verified=True),
    _row("US-NH", (3, "N.H. Rev. Stat. § 508:4"), (3, "N.H. Rev. Stat. § 508:4"), (6, "N.H. Rev. Stat. § 382-A:3-118"),
         (20, "N.H. Rev. Stat. § 508:5"),
         source="https://docketmath.com/blog/statute-of-limitations-oral-contract-new-hampshire (quotes § 508:4: "
         "all personal actions, 3 years); the notes' 6 years (§ 382-A:3-118) not read", verified=True),
    _row("US-NJ", (6, "N.J. Stat. § 2A:14-1"), (6, "N.J. Stat. § 2A:14-1"), (6, "N.J. Stat. § 12A:3-118"),
         (20, "N.J. Stat. § 2A:14-5"),
         source="https://docketmath.com/blog/sol-collections-new-jersey (quotes § 2A:14-1: a contractual claim or an "
         "account, 6 years); § 12A:3-118 quoted at https://whychat.me/States/state-nj.html", verified=True),
    _row("US-NM", (6, "N.M. Stat. § 37-1-3"), (6, "N.M. Stat. § 37-1-3 (4 if not written, § 37-1-4)"),
         (6, "N.M. Stat. § 37-1-3"), (14, "N.M. Stat. § 37-1-2"), "writing_or_payment", "N.M. Stat. § 37-1-16",
         "https://law.justia.com/codes/new-mexico/2020/chapter-37/article-1/section-37-1-3/index.html (text of "
         "§ 37-1-3); https://law.justia.com/codes/new-mexico/2019/chapter-37/article-1/section-37-1-16/ (text of "
         "§ 37-1-16: a partial payment, or a signed written admission or promise, revives); "
         "https://observed.org/statute-of-limitations-on-debt-in-new-mexico/ (§ 37-1-4, 4 years; courts treat "
         "credit cards as open accounts). Whether N.M. Admin. Code 12.2.12 stops a payment from reviving a "
         "time-barred debt was not checked", verified=True),
    _row("US-NY", (3, "N.Y. CPLR 214-i (consumer credit; 6 otherwise, CPLR 213)"), (3, "N.Y. CPLR 214-i"),
         (3, "N.Y. CPLR 214-i (consumer credit; 6 otherwise, CPLR 213)"), (20, "N.Y. CPLR 211(b)"),
         "nothing_revives", "N.Y. CPLR 214-i", NY_SOURCES, verified=True),
    _row("US-NC", (3, "N.C. Gen. Stat. § 1-52(1)"), (3, "N.C. Gen. Stat. § 1-52(1)"),
         (6, "N.C. Gen. Stat. § 25-3-118 (10 under seal, § 1-47(2))"), (10, "N.C. Gen. Stat. § 1-47(1)"),
         "writing_or_payment", "N.C. Gen. Stat. § 1-26",
         "https://www.smithdebnamlaw.com/2018/06/statute-of-limitations-in-north-carolina/ (3 years; a signed written "
         "promise or a partial payment restarts it); https://observed.org/statute-of-limitations-on-debt-in-north-"
         "carolina/ (notes, § 25-3-118)", verified=True),
    _row("US-ND", (6, "N.D. Cent. Code § 28-01-16(1)"), (6, "N.D. Cent. Code § 28-01-16(1)"),
         (6, "N.D. Cent. Code § 28-01-16(1)"), (10, "N.D. Cent. Code § 28-01-15"),
         source="https://self-law.org/code/nd/title-28/chapter-28-01-time-for-commencing-actions/28-01-16 (text: a "
         "contract, obligation or liability, 6 years)", verified=True),
    _row("US-OH", (6, "Ohio Rev. Code § 2305.06 (8 for claims that accrued before June 14, 2021, ending by June 14, "
                   "2027)"),
         (6, "Ohio Rev. Code § 2305.07(C) (consumer transactions)"), (6, "Ohio Rev. Code § 1303.16"),
         (5, "Ohio Rev. Code § 2329.07 (dormancy)"), source="https://weinerlaw.com/2021/03/24/governor-mike-dewine-"
         "signs-ohio-senate-bill-13-shortening-ohios-statute-of-limitations/ (S.B. 13, effective June 14, 2021)",
         verified=True),
    _row("US-OK", (5, "Okla. Stat. tit. 12, § 95(A)(1)"),
         (5, "Okla. Stat. tit. 12, § 95(A)(1) (3 if not written, § 95(A)(2))"),
         (5, "Okla. Stat. tit. 12, § 95(A)(1)"), (5, "Okla. Stat. tit. 12, § 735 (dormancy)"),
         source="https://docketmath.com/blog/statute-of-limitations-written-contract-oklahoma (quotes § 95(A)(1) and "
         "(2))", verified=True),
    _row("US-OR", (6, "Or. Rev. Stat. § 12.080(1)"), (6, "Or. Rev. Stat. § 12.080(1)"),
         (6, "Or. Rev. Stat. § 12.080(1)"), (10, "Or. Rev. Stat. § 18.180"),
         source="http://www.eblenfreed.com/state-of-limitations-for-collection-of-credit-card-debt-in-oregon/ (Oregon "
         "Court of Appeals: credit card debt, 6 years); https://legalclarity.org/oregon-statute-of-limitations-on-"
         "debt-what-you-need-to-know", verified=True),
    _row("US-PA", (4, "42 Pa. Cons. Stat. § 5525(a)"), (4, "42 Pa. Cons. Stat. § 5525(a)"),
         (4, "42 Pa. Cons. Stat. § 5525(a) (20 under seal, § 5529(b))"), (20, "42 Pa. Cons. Stat. § 5529"),
         source="https://legalclarity.org/what-is-the-statute-of-limitations-on-debt-in-pa; "
         "https://www.bankruptcylawyerpa.com/posts/the-pennsylvania-statute-of-limitations-on-debt-stops-vulture-"
         "debt-collectors (§ 5525(a): written and oral contracts, notes and open accounts, 4 years)", verified=True),
    _row("US-RI", (10, "R.I. Gen. Laws § 9-1-13(a)"), (10, "R.I. Gen. Laws § 9-1-13(a)"),
         (10, "R.I. Gen. Laws § 9-1-13(a)"), (20, "R.I. Gen. Laws § 9-1-17"),
         source="https://observed.org/statute-of-limitations-on-debt-in-rhode-island/ (quotes § 9-1-13(a): all civil "
         "actions, 10 years, credit cards included); https://legalclarity.org/rhode-island-statute-of-limitations-on-"
         "debt-collection-explained", verified=True),
    _row("US-SC", (3, "S.C. Code § 15-3-530(1)"), (3, "S.C. Code § 15-3-530(1)"),
         (6, "S.C. Code § 36-3-118 (3 if not negotiable, § 15-3-530(1))"), (10, "S.C. Code § 15-3-600"), "writing",
         "S.C. Code § 15-3-120",
         "https://law.justia.com/codes/south-carolina/2018/title-15/chapter-3/section-15-3-530/ (text); "
         "https://legalclarity.org/south-carolina-statute-of-limitations-on-debt-what-you-need-to-know (credit cards "
         "3 years, notes § 36-3-118)", verified=True),
    _row("US-SD", (6, "S.D. Codified Laws § 15-2-13(1)"), (6, "S.D. Codified Laws § 15-2-13(1)"),
         (6, "S.D. Codified Laws § 15-2-13(1)"), (20, "S.D. Codified Laws § 15-2-6"), "writing",
         "S.D. Codified Laws § 15-2-29",
         "https://whychat.me/States/state-sd.html (texts of §§ 15-2-13 and 15-2-29: an acknowledgment or promise "
         "counts only in a signed writing)", verified=True),
    _row("US-TN", (6, "Tenn. Code § 28-3-109(a)(3)"), (6, "Tenn. Code § 28-3-109(a)(3)"),
         (6, "Tenn. Code § 28-3-109(a)(3) (10 for a demand note, § 28-3-109(c))"), (10, "Tenn. Code § 28-3-110"),
         source="https://whychat.me/States/state-te.html (text of § 28-3-109); "
         "https://docketmath.com/blog/sol-collections-debt-tennessee", verified=True),
    _row("US-TX", (4, "Tex. Civ. Prac. & Rem. Code § 16.004"), (4, "Tex. Civ. Prac. & Rem. Code § 16.004(c)"),
         (6, "Tex. Bus. & Com. Code § 3.118 (4 for a note that is not negotiable, § 16.004)"),
         (10, "Tex. Civ. Prac. & Rem. Code § 34.001 (dormancy)"), "nothing_revives", "Tex. Fin. Code § 392.307",
         SLL_TEXAS, verified=True),
    _row("US-UT", (6, "Utah Code § 78B-2-309(1)(b)"),
         (6, "Utah Code § 78B-2-309(1)(b) (credit agreements; 4 for an open store account, § 78B-2-307)"),
         (6, "Utah Code § 78B-2-309(1)(b)"), (8, "Utah Code § 78B-2-311"), "writing_or_payment",
         "Utah Code § 78B-2-309(2)",
         "https://legalfix.com/statutes/state-codes/utah/title-78b/chapter-2/part-3/section-309 (text: 6 years; for a "
         "credit agreement it runs from a written acknowledgment or a payment); "
         "https://le.utah.gov/xcode/Title78B/Chapter2/C78B-2-S307_2023050320230503.html (§ 78B-2-307)",
         verified=True),
    _row("US-VT", (6, "Vt. Stat. tit. 12, § 511"), (6, "Vt. Stat. tit. 12, § 511"), (6, "Vt. Stat. tit. 12, § 511"),
         (8, "Vt. Stat. tit. 12, § 506"),
         source="https://docketmath.com/blog/statute-of-limitations-oral-contract-vermont (quotes § 511: a civil "
         "action, 6 years)", verified=True),
    _row("US-VA", (5, "Va. Code § 8.01-246(2)"), (5, "Va. Code § 8.01-246 (3 if not written, § 8.01-246(4))"),
         (6, "Va. Code § 8.3A-118"), (20, "Va. Code § 8.01-251"), "writing", "Va. Code § 8.01-229(G)",
         "https://www.richmondsunlight.com/bill/2019/hb2242/fulltext/ (text of § 8.01-246 as amended in 2019); "
         "https://dominiongc.com/library/library-2/79333-2/ (notes, § 8.3A-118)", verified=True),
    _row("US-WA", (6, "Wash. Rev. Code § 4.16.040(1)"), (6, "Wash. Rev. Code § 4.16.040(2)"),
         (6, "Wash. Rev. Code § 4.16.040(1)"), (10, "Wash. Rev. Code § 6.17.020"),
         source="http://app.leg.wa.gov/rcw/default.aspx?cite=4.16.040 (text: a contract in writing, an account "
         "receivable: 6 years); the revival rule is the common one, not checked", verified=True),
    _row("US-WV", (10, "W. Va. Code § 55-2-6"), (10, "W. Va. Code § 55-2-6 (5 if not written)"),
         (10, "W. Va. Code § 55-2-6"), (10, "W. Va. Code § 38-3-18"), "nothing_revives",
         "W. Va. Code § 46A-2-128(f)",
         "Periods: text of § 55-2-6 quoted at https://docketmath.com/blog/statute-of-limitations-written-contract-"
         "west-virginia (10 years signed writing, 5 otherwise). The revival rule (§ 46A-2-128(f)) was not checked: "
         "unverified"),
    _row("US-WI", (6, "Wis. Stat. § 893.43"), (6, "Wis. Stat. § 893.43"), (6, "Wis. Stat. § 403.118"),
         (20, "Wis. Stat. § 893.40"), "extinguished", "Wis. Stat. § 893.05",
         "https://docs.legis.wisconsin.gov/document/statutes/2011/893.12 (text of § 893.05); "
         "http://law.justia.com/codes/wisconsin/2014/chapter-893/section-893.43/ (text of § 893.43)", verified=True),
    _row("US-WY", (10, "Wyo. Stat. § 1-3-105(a)(i)"), (10, "Wyo. Stat. § 1-3-105(a)(i) (8 if not written, (a)(ii))"),
         (10, "Wyo. Stat. § 1-3-105(a)(i)"), (5, "Wyo. Stat. § 1-17-307 (dormancy)"),
         source="https://protectingconsumerrights.com/debt-collection-problems/statute-of-limitations-by-state/"
         "states/wyoming/ and the text of § 1-3-105 on advance.lexis.com (10 years written, 8 unwritten)",
         verified=True),
    _row("US-AS", (10, "Am. Samoa Code § 43.0120(5)"),
         (10, "Am. Samoa Code § 43.0120(5) (3 if unwritten, § 43.0120(3))"), (10, "Am. Samoa Code § 43.0120(5)"),
         (10, "Am. Samoa Code § 43.0120(5)"),
         source="https://docketmath.com/blog/statute-of-limitations-debt-on-a-promissory-note-american-samoa and "
         "https://docketmath.com/blog/statute-of-limitations-written-contract-american-samoa (quote § 43.0120(3) and "
         "(5): unwritten contracts 3 years; written contracts and judgments 10)", verified=True),
    _row("US-GU", (4, "7 Guam Code Ann. § 11303(a)"), (4, "7 Guam Code Ann. § 11303(b)"),
         (4, "7 Guam Code Ann. § 11303(a)"), (10, "7 Guam Code Ann. § 11301"),
         source="https://docketmath.com/blog/statute-of-limitations-written-contract-guam quotes § 11303(a) and (b) "
         "(4 years) but another page there says 10 years: not verified."),
    _row("US-MP", (6, "7 N. Mar. I. Code § 2505"), (6, "7 N. Mar. I. Code § 2505"), (6, "7 N. Mar. I. Code § 2505"),
         (20, "7 N. Mar. I. Code § 2502"),
         source="https://docketmath.com/blog/statute-of-limitations-credit-card-open-account-debt-northern-mariana-"
         "islands (quotes § 2505: all other actions, 6 years); § 2502 for judgments not read", verified=True),
    _row("US-PR", (15, "P.R. Laws tit. 31, § 5294 (1930 Civil Code, art. 1864, for obligations before November 28, "
                   "2020; 4 years after it, 31 L.P.R.A. § 9495)"),
         (15, "P.R. Laws tit. 31, § 5294 (4 years under the 2020 Civil Code, 31 L.P.R.A. § 9495)"),
         (15, "P.R. Laws tit. 31, § 5294 (4 years under the 2020 Civil Code, 31 L.P.R.A. § 9495)"),
         (15, "P.R. Laws tit. 31, § 5294"),
         source="The 2020 Civil Code's 4 years for personal actions (31 L.P.R.A. § 9495) is quoted at "
         "https://docketmath.com/blog/statute-of-limitations-debt-on-a-promissory-note-puerto-rico; which code applies "
         "to an older debt was not checked: the table keeps the longer 15 years."),
    _row("US-VI", (6, "V.I. Code tit. 5, § 31(3)(A)"), (6, "V.I. Code tit. 5, § 31(3)(A)"),
         (6, "V.I. Code tit. 5, § 31(3)(A)"), (20, "V.I. Code tit. 5, § 31(1)"),
         source="https://docketmath.com/blog/statute-of-limitations-written-contract-united-states-virgin-islands "
         "(a contract or liability, express or implied, not sealed: 6 years, § 31(3)(A), as the District Court of the "
         "Virgin Islands reads it)", verified=True),
)}

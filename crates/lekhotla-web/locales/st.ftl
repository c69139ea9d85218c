# Maqephe a Lekhotla ka Sesotho (mongolo oa Lesotho). Molaetsa o mong le o mong o na le id e tšoanang le ea
# en.ftl. Mantsoe a mosebetsi ona a GLOSSARY.md; a e-s'o hlahlojoe ke setsebi se buang Sesotho a tšoailoe teng.

## Foreimi ea leqephe le leng le le leng
app-name = Lekhotla
app-tagline = Rejisetara ea linyeoe tsa karabo ea naha khoebong ea batho
skip-to-content = Tlōla o ee litabeng
nav-label = Lenane le ka sehloohong
nav-work = Mosebetsi oa ka
nav-cases = Linyeoe
nav-intake = Nyeoe e ncha
nav-referrals = Liphetisetso
nav-justice = Toka ea botlokotsebe
nav-dashboard = Lipalo
nav-admin = Tsamaiso
nav-audit = Tlaleho ea tlhahlobo
nav-break-glass = Phihlello ea tšohanyetso
nav-account = Akhaonto ea ka
sign-out = Tsoa
signed-in-as = U kene u le { $user }
language = Puo
language-choose = Khetha
footer-synthetic = Lintlha tsa pontšo tse entsoeng. Mabitso a masimo a latela HTCDS 2.0 (IOM, CC BY 4.0).
footer-api = Tlhaloso ea API
count-cases = { $count ->
    [one] nyeoe e { $count }
   *[other] linyeoe tse { $count }
}

## Ho kena
login-title = Kena
login-username = Lebitso la mosebelisi
login-password = Phasewete
login-code = Khoutu e tsoang ho app ea hau ea netefatso
login-code-hint = Linomoro tse tšeletseng, kapa e 'ngoe ea likhoutu tsa hau tsa pholoso. Siea ho se letho haeba akhaonto ea hau e se na mohato oa bobeli.
login-submit = Kena
login-failed = Lebitso la mosebelisi, phasewete kapa khoutu ha li nepahale.
login-throttled = Liteko tse ngata haholo tse hlōlehileng. Leka hape ka mor'a metsotsoana e { $seconds }.
login-kept = Seshene sa hau se felile pele foromo ea hau e bolokoa. Kena hape: seo u se ngotseng se bolokiloe, 'me u ka se romela ka mor'a ho kena.

## Liphoso, e le maqephe
error-title = Ho na le se sa tsamaeang hantle
error-not-found-title = Ha e fumanehe
error-not-found = Ha ho na leqephe le joalo, kapa ha le har'a seo u lumelloang ho se bona.
error-forbidden-title = Ha ho lumelloe
error-forbidden = Karolo ea hau ha e u lumelle ho etsa sena.
error-invalid-title = Ka kopo lokisa foromo
error-invalid = Masimo a mang ha a nepahale.
error-stale-title = Motho e mong o fetotse sena pele
error-stale = Rekoto e fetotsoe ka mor'a hore u e bule. Ha ho letho le ngotsoeng holim'a e 'ngoe.
error-refused-title = Ha ho khonehe hona joale
error-busy = Ba bang ba fetola nyeoe ena hona joale. Leka hape.
error-throttled-title = Liteko tse ngata haholo
error-unavailable = Database ha e fihlellehe. Leka hape haufinyane.
error-internal = Phoso ea ka hare. Bolela nomoro ena ha u e tlaleha: { $reference }
error-csrf-title = Foromo e felletsoe ke nako
error-csrf = Foromo ena e butsoe sesheneng sa pele kapa leqepheng le leng. Bula leqephe hape 'me u e romele hape.
error-method = Aterese ena ha e amohele kopo ea mofuta ona.
error-home = Khutlela mosebetsing oa ka
error-unauthenticated = Kena pele.

## Mantsoe a tloaelehileng
save = Boloka
cancel = Tlohela
send = Romela
back = Morao
search = Batla
yes = E
no = Che
none = Ha ho letho
unknown = Ha ho tsejoe
sealed = [e notletsoe]

## Foromo e bolokiloeng ha u kena hape
resume-title = Foromo ea hau e sa bolokoang
resume-intro = Seshene sa hau se felile pele foromo ena e bolokoa. Ha ho letho le lahlehileng: e hlahlobe 'me u e romele joale.
resume-send = E romele joale
resume-drop = E tlohele

## Li-token tsa API (tsamaiso)
tokens-title = Li-token tsa API
tokens-intro = Token e 'ngoe le e 'ngoe ea khokahano, mosebelisi eo e mo emelang le seo e ka se etsang. Token e hlakotsoeng ha e sa amohela kopo ho tloha motsotsong oo.
tokens-user = Mosebelisi
tokens-name = Lebitso
tokens-scopes = Litokelo
tokens-expires = E fela
tokens-last-used = E sebelisitsoe la ho qetela
tokens-never = ho hang
tokens-state = Boemo
tokens-action = Ketso
tokens-revoke = Hlakola
tokens-none = Ha ho token ea API e fanoeng.
tokens-live = e sebetsa
tokens-revoked = e hlakotsoe
tokens-expired = e felile

## Linyeoe: mantsoe ao maqephe 'ohle a linyeoe a a arolelanang
case-number = Nyeoe
case-detected = E fumanoe
case-source = E fumanoe ke
case-stage = Mohato
case-status = Boemo
case-victims = Bahlaseluoa
case-suspects = Babelaelloa

## Lipalo
dash-title = Rejisetara ka lipalo
dash-registered = linyeoe tse ngolisitsoeng
dash-by-district = Linyeoe ka setereke
dash-district = Setereke
dash-national-office = Ofisi ea naha
dash-database = Database: { $backend }.

## E: my work and the figures
work-title = Mosebetsi oa ka
work-summary = Se u emetseng hona joale
work-nothing = Ha ho letho le u emetseng.
work-referrals = Liphetisetso tse emetseng mokhatlo oa hau
work-referrals-none = Ha ho phetisetso e emetseng karabo.
work-all-referrals = Liphetisetso tsohle
work-owned = Linyeoe tse bulehileng tsa mokhatlo oa hau
work-owned-none = Mokhatlo oa hau ha o na nyeoe e bulehileng.
work-assigned = Linyeoe tseo u li abetsoeng
work-assigned-none = Ha ho nyeoe eo u e abetsoeng.
work-all-cases = Batla linyeoe
work-hearings = Linyeoe tse mameloang matsatsing a 14 a tlang
work-hearings-none = Ha ho nyeoe e mameloang matsatsing a 14 a tlang.
work-calendar = Almanaka ea lekhotla la molao
work-idle = Linyeoe tse bulehileng tse sa sebetsoang matsatsi a 30
work-idle-none = Nyeoe e 'ngoe le e 'ngoe e bulehileng e sebelitsoe matsatsing a 30 a fetileng.
work-child-referrals = Liphetisetso tsa bana tse so amoheloeng
work-child-referrals-none = Phetisetso e 'ngoe le e 'ngoe ea ngoana e arajoe.
work-missed = Linyeoe tseo ngoana a sa fetisetsoang ho tsona
work-missed-none = Ha ho ngoana ea emetseng ho fetisetsoa.
work-grants = Phihlello ea tšohanyetso e lokelang ho hlahlojoa
work-grants-none = Ha ho phihlello ea tšohanyetso matsatsing a 30 a fetileng.
work-all-grants = Hlahloba phihlello ea tšohanyetso
work-grant-unusual = e sa tloaelehang: e tsebisitse mohokahanyi oa naha
work-grant-usual = ka tekanyo e tloaelehileng
work-changed = e fetotsoe { $when }
work-referral-line = { $service } ho tsoa ho { $from } ho ea ho { $to }, e romelletsoe { $sent }
work-more = le tse ling tse { $count }
work-your-pages = Maqephe a hau
work-link-dashboard = Rejisetara ka lipalo
work-link-dashboard-about = Linyeoe le bahlaseluoa ka lipalo, ka setereke, ho ea ka nako.
work-link-audit = Tlaleho ea tlhahlobo
work-link-audit-about = Ke mang ea entseng eng, le hore na tlaleho e feletse.
work-link-admin = Tsamaiso
work-link-admin-about = Mekhatlo le liakhaonte tsa basebelisi.
work-link-tokens = Li-token tsa API
work-link-tokens-about = Token ea kopano e 'ngoe le e 'ngoe, tšebeliso ea eona le ho fela ha eona.
dash-level = Boemo
dash-national = Naha ka bophara
dash-your-districts = Litereke tsa hau
dash-showing = Ho bontšoa: { $level }
dash-small-numbers = Lipalo ho tloha ho 1 ho isa ho 4 li bontšoa e le "<5" hore ho se be motho ea ka tsebahalang.
dash-totals = Kakaretso
dash-victims-recorded = bahlaseluoa ba ngolisitsoeng
dash-table = Tafole e ka morao ho setšoantšo
dash-districts = Litereke
dash-over-time = Ho ea ka nako le bahlaseluoa
dash-by-month = Ka khoeli
dash-by-quarter = Ka kotara
dash-month = Khoeli
dash-quarter = Kotara
dash-none = Ha ho so be le letho le ka baloang.
dash-map = Linyeoe ka setereke
dash-map-desc = 'Mapa oa litereke tsa Lesotho, se seng le se seng se khabisitsoe ho ea ka palo ea linyeoe; 'mala o lefifi o bolela tse ngata. Litereke tse ka ntle ho boemo bona li putsoa.
dash-cases = Linyeoe
dash-victims = Bahlaseluoa
dash-not-recorded = Ha ho a ngoloa
dash-identified = Tse fumanoeng
dash-referred = Tse fetisitsoeng
dash-investigated = Tse etselitsoeng lipatlisiso
dash-prosecuted = Tse qosiloeng
dash-convicted = Tse fumanoeng molato
dash-over-time-month = Linyeoe ka khoeli, likhoeli tse 12 tse fetileng
dash-over-time-quarter = Linyeoe ka kotara, likhoeli tse 12 tse fetileng
dash-over-time-desc = Mela ea linyeoe tse fumanoeng, tse fetisitsoeng, tse etselitsoeng lipatlisiso, tse qosiloeng le tse fumanoeng molato nakong e 'ngoe le e 'ngoe.
dash-victims-sex = Bahlaseluoa ka bong
dash-victims-sex-desc = Mekoallo ea palo ea bahlaseluoa ba bong bo bong le bo bong.
dash-victims-age = Bahlaseluoa ka sehlopha sa lilemo
dash-victims-age-desc = Mekoallo ea palo ea bahlaseluoa sehlopheng se seng le se seng sa lilemo (lilemo ha ba ne ba tšoaroa, ho seng joalo lilemo tse hakanngoeng).
dash-victims-nationality = Bahlaseluoa ka bochaba
dash-victims-nationality-desc = Mekoallo ea palo ea bahlaseluoa ba bochaba bo bong le bo bong (bochaba ba pele bo ngotsoeng).
dash-victims-exploitation = Bahlaseluoa ka mofuta oa tlhekefetso
dash-victims-exploitation-desc = Mekoallo ea palo ea bahlaseluoa ka mofuta oa tlhekefetso; mohlaseluoa ea nang le mefuta e mengata o baloa ho e 'ngoe le e 'ngoe.
dash-head-sex = Bong
dash-head-age = Sehlopha sa lilemo
dash-head-nationality = Bochaba
dash-head-exploitation = Mofuta oa tlhekefetso

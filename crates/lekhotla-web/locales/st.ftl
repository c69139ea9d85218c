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
dash-by-stage = Linyeoe ka mohato
dash-registered = linyeoe tse ngolisitsoeng
dash-by-district = Linyeoe ka setereke
dash-district = Setereke
dash-served-by = E sebeletsoa ke
dash-share = Karolo
dash-national-office = Ofisi ea naha
dash-latest = Linyeoe tsa morao-rao
dash-latest-in = Linyeoe tsa morao-rao tsa { $district }
dash-all-districts = Litereke tsohle
dash-figures-only = Karolo ea hau e bona lipalo feela, eseng linyeoe ka bonngoe.
dash-no-cases = Ha ho so be le linyeoe.
dash-database = Database: { $backend }.

## Intake and screening, people, search (part B)
intake-title = Ngolisa nyeoe e ncha
intake-lead = Ngola hore na nyeoe e bonahetse joang. Rejisetara e e fa nomoro ea eona ea naha; ebe u ngola batho.
intake-problems = Masimo a mang a hloka tlhokomelo ea hao: bona lintlha tse haufi le ona.
intake-required = Tšimo ena ea hlokahala.
intake-bad-date = Ngola letsatsi e le selemo-khoeli-letsatsi, mohlala 2026-09-01.
intake-bad-choice = Khetha e 'ngoe ea litekanyetso tse lenaneng.
intake-bad-number = Ngola palo e feletseng.
intake-not-accepted = Ha e amoheloe: { $reason }
intake-choose = Khetha…
intake-organisation = Mokhatlo o ngolisang nyeoe
intake-source = E fumanoe ke
intake-detected-on = Letsatsi la ho fumanoa
intake-district = Setereke
intake-port = Heke ea moeli
intake-port-hint = Feela ha nyeoe e fumanoe hekeng ea moeli.
intake-port-none = Eseng hekeng ea moeli
intake-port-only-border = Heke ea moeli ke ea nyeoe e fumanoeng hekeng ea moeli feela.
intake-summary = Kakaretso
intake-summary-hint = Ha e qobelle. E bolokoa e notletsoe; u se ngole ho feta se hlokoang ke mosebetsi.
intake-submit = Ngolisa nyeoe
person-new-title = Ngola motho
person-new-lead = Nyeoe { $number }: mohlaseluoa, mobelaelloa kapa paki.
person-new-role = Karolo
person-new-role-victim = Mohlaseluoa
person-new-role-suspect = Mobelaelloa
person-new-role-witness = Paki
person-new-first-name = Lebitso la pele
person-new-middle-name = Lebitso la bobeli
person-new-second-name = Fane
person-new-gender = Bong
person-new-birthdate = Letsatsi la tsoalo
person-new-estimated-age = Lilemo tse hakanyetsoang
person-new-phone = Mohala oa thekeng
person-new-identified-on = O tsebahalitsoe ka (bahlaseluoa)
person-new-identified-hint = Letsatsi leo mohlaseluoa a tsebahalitsoeng ka lona; motho ea ka tlase ho lilemo tse 18 ka letsatsi leo ke ngoana.
person-new-submit = Ngola motho
person-new-duplicates = A ka be a se a ngotsoe: { $count ->
    [one] ho tšoana ho le hong
   *[other] lintho tse { $count } tse ka tšoanang
}
person-new-duplicates-hint = Sheba litlaleho tsena pele u ngola motho e mocha. Bula nyeoe ho bapisa; ngola motho e mocha feela haeba ho se ea tšoanang.
person-new-name = Lebitso
person-new-matched = E tšoana ka
person-new-matched-name = lebitso le tšoanang
person-new-matched-phonetic = lebitso le utloahalang ka ho tšoana
person-new-matched-birthdate = letsatsi la tsoalo le tšoanang
person-new-matched-phone = mohala o tšoanang
person-new-sealed = [e notletsoe]
person-new-confirm = Ha ho le a mong: ngola motho e mocha
person-new-cancel = Hlakola
screen-title = Tlhahlobo le boemo ba tlhekefetso ea batho
screen-lead = Nyeoe { $number }: matšoao a tlhekefetso ea batho a fumanoeng, le qeto ka boemo ba motho.
screen-choose = Khetha mohlaseluoa ea tla hlahlojoa
screen-no-victims = Nyeoe ena ha e e-so be le mohlaseluoa ea ngotsoeng.
screen-record-victim = Ngola mohlaseluoa
screen-victim = Mohlaseluoa
screen-status = Boemo ba tlhekefetso ea batho
screen-decided-title = Qeto e ngotsoeng
screen-decided = E nkiloe ke: { $body }, { $org }, ka { $on }
screen-indicators-hint = Tšoaea letšoao le leng le le leng le fumanoeng. Bakeng sa ngoana, ketso le sepheo li lekane: ha ho hlokahale mokhoa.
screen-act = Ketso: kamoo motho a hapiloeng kateng
screen-act-hint = Ho hapa, ho tsamaisa, ho fetisa, ho pata kapa ho amohela.
screen-means = Mokhoa: kamoo motho a laoloang kateng
screen-means-hint = Litšokelo, likhoka, thetso, tšebeliso e mpe ea matla kapa ea ho fokola, sekoloto.
screen-purpose = Sepheo: tlhekefetso
screen-purpose-hint = Mofuta oa tlhekefetso o neng o reriloe kapa o fumanoeng.
screen-decision = Qeto
screen-decided-by = Mofuta oa sehlopha se nkileng qeto
screen-decided-on = Letsatsi la qeto
screen-submit = Ngola qeto
screen-stale = Motho e mong o fetotse mohlaseluoa enoa ha u ntse u hlahloba. Foromo joale e bontša mohlaseluoa kamoo a bolokiloeng kateng; e hlahlobe ebe u romela hape.
search-title = Batla linyeoe
search-number = Nomoro ea nyeoe (kapa qalo ea eona)
search-name = Lebitso la motho
search-name-hint = Lebitso la pele le fane. Mabitso a lula a notletsoe: patlo e bapisa menoana e notletsoeng ka senotlolo.
search-phonetic = Hape le mabitso a utloahalang ka ho tšoana (Tšepo, Tsepo, Tshepo)
search-any = Efe kapa efe
search-from = E fumanoe ho tloha
search-to = E fumanoe ho fihlela
search-submit = Batla
search-clear = Hlakola
search-results = Tse fumanoeng: { $count ->
    [one] nyeoe e { $count }
   *[other] linyeoe tse { $count }
}
search-none = Ha ho nyeoe eo u ka e fihlelang e tšoanang.
search-pages = Maqephe a liphetho
search-prev = Leqephe le fetileng
search-next = Leqephe le latelang

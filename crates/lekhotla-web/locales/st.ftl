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

## Liphetisetso le toka ea botlokotsebe (karolo C)
ref-title = Liphetisetso
ref-boxes = Tse kenang le tse tsoang
ref-inbox = Tse kenang: tse fetiselitsoeng ho rona
ref-outbox = Tse tsoang: tse rometsoeng ke rona
ref-state = Boemo
ref-all-states = Maemo 'ohle
ref-organisation = Mokhatlo
ref-filter = Bontša
ref-count = { $count ->
    [one] phetisetso e { $count }
   *[other] liphetisetso tse { $count }
}
ref-case = Nyeoe
ref-from = Ho tsoa ho
ref-to = Ho ea ho
ref-service = Tšebeletso
ref-services = Litšebeletso
ref-services-hint = Phetisetso e le 'ngoe e romeloa bakeng sa tšebeletso e 'ngoe le e 'ngoe e khethiloeng; mokhatlo o tlameha ho e fana.
ref-sent-on = E rometsoe ka
ref-waiting = E emetse
ref-days = { $count ->
    [one] letsatsi le { $count }
   *[other] matsatsi a { $count }
}
ref-moves = Seo u ka se etsang
ref-none = Ha ho liphetisetso mona.
ref-pages = Maqephe
ref-previous = Pele
ref-next = E latelang
ref-page-of = Leqephe { $page }
ref-child = ngoana
ref-automatic = ka boeona
ref-ended = Ho phethiloe. Phetisetso e felile, kahoo nyeoe ha e sa buleha ho mokhatlo oa hau.
ref-send-title = Romela phetisetso
ref-send = Romela phetisetso
ref-reason = Lebaka la phetisetso
ref-victim = Mohlaseluoa ea fetisetsoang
ref-victim-hint = Siea ho se na letho ho fetisetsa nyeoe ntle le ho bolela mohlaseluoa. Ngoana o fetiseletsoa tšireletsong ea bana.
ref-details = Lintlha bakeng sa mokhatlo o amohelang
ref-child-missing = Mohlaseluoa oa nyeoe ena eo e leng ngoana kapa a ka bang ngoana ha a e-so fetiseletsoe tšireletsong ea bana.
ref-error-service = Khetha bonyane tšebeletso e le 'ngoe.
ref-reason-why = Lebaka
ref-delivered = Tšebeletso e fanoeng
ref-act-accept-referral = Amohela phetisetso
ref-act-decline-referral = Hana phetisetso
ref-act-deliver-referral = Ngola tšebeletso e fanoeng
ref-act-close-referral-not-delivered = Koala: tšebeletso ha ea fanoa
ref-act-revoke-referral = Hula phetisetso
ref-act-close-referral = Koala phetisetso
justice-back-to-case = Khutlela nyeoeng { $number }
justice-as-stored = Kamoo e leng kateng hona joale
justice-save = Boloka
justice-cancel = Tlohela
justice-choose = Khetha
justice-required = (ea hlokahala)
justice-sealed-hint = E notletsoe: ba lumelloang ho bala lintlha tse notletsoeng feela ba e bonang.
justice-correction = Lebaka la tokiso ena
justice-correction-hint = U ngola se lokelang ho ngoloa ke lefapha le leng: bolela hore na hobaneng, ka mantsoe a seng makae.
justice-stale = Motho e mong o fetotse rekoto ena ho tloha ha u bula foromo. Se bolokiloeng hona joale se bontšitsoe ka holimo; hlahloba seo u se ngotseng 'me u boloke hape.
justice-refused = Sena se ke ke sa etsoa hona joale:
justice-error-fields = Ka kopo lokisa libaka tse tšoailoeng ka tlase.
justice-error-required = Ka kopo tlatsa sebaka sena.
justice-error-date = Ngola letsatsi ka mokhoa oa YYYY-MM-DD.
justice-error-number = Ngola nomoro e feletseng.
justice-error-choice = Khetha e 'ngoe ea likhetho.
justice-error-country = Ngola likhoutu tsa linaha tsa litlhaku tse peli, u li arole ka lifeheloana (ZA, MZ).
justice-suspect-n = Mobelaelloa oa { $n }
justice-victim-n = Mohlaseluoa oa { $n }
justice-act-open-investigation = Bula lipatlisiso
justice-act-update-investigation = Ntlafatsa lipatlisiso
justice-act-move-docket = Fetisa faele ea nyeoe
justice-act-open-prosecution = Bula qoso
justice-act-dpp-decision = Ngola qeto ea DPP
justice-act-issue-summons = Ntša samone
justice-act-update-prosecution = Ntlafatsa qoso
justice-act-charge = Eketsa qoso
justice-act-record-hearing = Ngola nyeoe e mamelloang
justice-act-record-verdict = Ngola kahlolo
justice-act-record-sentence = Ngola kotlo
justice-act-order-compensation = Laela puseletso
justice-unit = Lefapha la lipatlisiso
justice-investigator = Ofisiri ea lipatlisiso
justice-opened-on = E butsoe ka
justice-docket-number = Nomoro ea faele ea nyeoe
justice-custodian = Faele e tšoeroe ke
justice-to-custodian = Faele e tšoeroe hona joale ke
justice-docket-reason = Hobaneng e fetisitsoe
justice-countries = Linaha tse sebelisanang
justice-countries-hint = Likhoutu tsa litlhaku tse peli tse arotsoeng ka lifeheloana, mohlala ZA, MZ.
justice-closed-on = E koetsoe ka
justice-close-hint = Feela ho koala lipatlisiso; fana le ka lebaka.
justice-closure-reason = Lebaka la ho koala
justice-on = Letsatsi
justice-prosecutor = Mochochisi
justice-referred-on = Faele e fihlile ho DPP ka
justice-dpp-decision = Qeto ea DPP
justice-court = Lekhotla la molao
justice-court-number = Nomoro ea nyeoe lekhotleng
justice-first-charge = Moqosuoa oa qoso ea pele
justice-first-charge-hint = Ha ho tlamo: liqoso li ka eketsoa hamorao hape.
justice-offence = Tlolo ea molao
justice-statute = Karolo ea Molao
justice-counts = Lipalo tsa liqoso
justice-filed-on = Qoso e kentsoe ka
justice-summons-on = Samone e ntšitsoe ka
justice-withdrawn-on = E huloe ka
justice-withdraw-hint = Feela ho hula qoso eohle; fana le ka lebaka.
justice-withdrawal-reason = Lebaka la ho hula
justice-accused = Moqosuoa
justice-hearing-on = Letsatsi la nyeoe e mamelloang
justice-hearing-kind = Mofuta oa nyeoe e mamelloang
justice-victim-testified = Mohlaseluoa o fane ka bopaki
justice-notes = Lintlha
justice-outcome = Sephetho
justice-months = Chankana (likhoeli)
justice-fine = Kotlo ea chelete (maloti)
justice-suspended = E emisitsoe
justice-victim = Mohlaseluoa
justice-amount = Chelete (maloti)
justice-title = Toka ea botlokotsebe
justice-calendar = Almanaka ea linyeoe tse mamelloang
justice-before-court = Linyeoe tse lekhotleng la molao
justice-investigations = Lipatlisiso le liqoso
justice-days-in-stage = Matsatsi mohatong ona
justice-last-hearing = Nyeoe e mamelloang ea morao-rao
justice-none-before-court = Ha ho nyeoe ea hau e lekhotleng la molao.
justice-none = Ha ho lipatlisiso linyeoeng tseo u li bonang.
justice-custodian-sealed = Ea tšoereng faele ea nyeoe o notletsoe: bula nyeoe 'me u senole lintlha tse notletsoeng ho mo bala.
justice-stage = Mohato
justice-docket = Faele ea nyeoe
justice-docket-where = Moo faele e leng teng
justice-since = ho tloha ka { $date }
justice-moved-on = e fetisitsoe ka { $date }
justice-stage-investigation = E ntse e batlisisoa
justice-stage-investigation-closed = Lipatlisiso li koetsoe
justice-stage-awaiting-dpp = E emetse qeto ea DPP
justice-stage-further = E khutlisitsoe bakeng sa lipatlisiso tse eketsehileng
justice-stage-declined = DPP e hanne ho qosa
justice-stage-withdrawn = Qoso e huloe
justice-stage-before-court = E lekhotleng la molao
justice-stage-concluded = E phethiloe
justice-where-unit = E ho lefapha la lipatlisiso: { $unit }
justice-where-dpp = E ho DPP
justice-where-court = E lekhotleng la molao: { $court }
justice-where-closed = E bolokiloe: lipatlisiso li koetsoe
justice-views = Beke kapa khoeli
justice-periods = Pele kapa kamora moo
justice-week = Beke
justice-month = Khoeli
justice-today = Kajeno
justice-week-of = Beke ea { $from } ho isa { $to }
justice-hearings = { $count ->
    [one] nyeoe e mamelloang e { $count }
   *[other] linyeoe tse mamelloang tse { $count }
}
justice-no-hearings = Ha ho nyeoe e mamelloang.
justice-testified = mohlaseluoa o pakile
justice-day-1 = Mantaha
justice-day-2 = Labobeli
justice-day-3 = Laboraro
justice-day-4 = Labone
justice-day-5 = Labohlano
justice-day-6 = Moqebelo
justice-day-7 = Sontaha
justice-month-1 = Pherekhong
justice-month-2 = Hlakola
justice-month-3 = Hlakubele
justice-month-4 = Mmesa
justice-month-5 = Motšeanong
justice-month-6 = Phupjane
justice-month-7 = Phupu
justice-month-8 = Phato
justice-month-9 = Loetse
justice-month-10 = Mphalane
justice-month-11 = Pulungoana
justice-month-12 = Tšitoe

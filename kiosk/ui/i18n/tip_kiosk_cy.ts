<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy">
<context>
    <name>AdminScreen</name>
    <message>
        <source>Admin passphrase</source>
        <translation>Cyfrinymadrodd gweinyddu</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Datgloi</translation>
    </message>
    <message>
        <source>&amp;Back to sign-in</source>
        <translation>Yn ôl i &amp;fewngofnodi</translation>
    </message>
    <message>
        <source>Admin message</source>
        <translation>Neges gweinyddu</translation>
    </message>
    <message>
        <source>Admin &amp;passphrase</source>
        <translation>&amp;Cyfrinymadrodd gweinyddu</translation>
    </message>
    <message>
        <source>Staff and IT</source>
        <translation>Staff a TG</translation>
    </message>
    <message>
        <source>This area is for IT and site staff. Learners: please go back to sign in.</source>
        <translation>Mae&apos;r ardal hon ar gyfer staff TG a staff y safle. Dysgwyr: ewch yn ôl i fewngofnodi, os gwelwch yn dda.</translation>
    </message>
    <message>
        <source>Admin panel sections</source>
        <translation>Adrannau&apos;r panel gweinyddu</translation>
    </message>
</context>
<context>
    <name>AttendanceView</name>
    <message>
        <source>Your learner code</source>
        <translation>Eich cod dysgwr</translation>
    </message>
    <message>
        <source>Your PIN</source>
        <translation>Eich PIN</translation>
    </message>
    <message>
        <source>&amp;Register me</source>
        <translation>Cof&amp;restru</translation>
    </message>
    <message>
        <source>Attendance message</source>
        <translation>Neges presenoldeb</translation>
    </message>
    <message>
        <source>Learner &amp;code</source>
        <translation>Cod &amp;dysgwr</translation>
    </message>
    <message>
        <source>&amp;PIN (if you have one here)</source>
        <translation>&amp;PIN (os oes gennych chi un yma)</translation>
    </message>
    <message>
        <source>Register your attendance</source>
        <translation>Cofrestrwch eich presenoldeb</translation>
    </message>
    <message>
        <source>Attendee&apos;s learner code</source>
        <translation>Cod dysgwr y mynychwr</translation>
    </message>
    <message>
        <source>&amp;Add attendee</source>
        <translation>&amp;Ychwanegu mynychwr</translation>
    </message>
    <message>
        <source>Or the trainer types codes</source>
        <translation>Neu mae&apos;r hyfforddwr yn teipio codau</translation>
    </message>
    <message>
        <source>Show &amp;names</source>
        <translation>Dangos e&amp;nwau</translation>
    </message>
    <message>
        <source>Show attendees&apos; first names</source>
        <translation>Dangos enwau cyntaf y mynychwyr</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>Mynychwyr</translation>
    </message>
    <message>
        <source>Start &amp;presenting</source>
        <translation>Dechrau &amp;cyflwyno</translation>
    </message>
    <message>
        <source>&amp;Back to the session</source>
        <translation>Yn ôl i&apos;r &amp;sesiwn</translation>
    </message>
    <message>
        <source>&amp;Finish the session…</source>
        <translation>&amp;Gorffen y sesiwn…</translation>
    </message>
    <message>
        <source>&amp;Yes, finish and give credit</source>
        <translation>&amp;Ie, gorffen a rhoi credyd</translation>
    </message>
    <message>
        <source>Not &amp;yet</source>
        <translation>Ddim &amp;eto</translation>
    </message>
    <message>
        <source>Welcome: who is here?</source>
        <translation>Croeso: pwy sydd yma?</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Presenoldeb</translation>
    </message>
    <message>
        <source>Before you finish: who was here?</source>
        <translation>Cyn i chi orffen: pwy oedd yma?</translation>
    </message>
    <message>
        <source>Mark anyone who joined late or left early; they get completion credit only if you tick it.</source>
        <translation>Marciwch unrhyw un a ymunodd yn hwyr neu a adawodd yn gynnar; dim ond os byddwch chi&apos;n ticio Credyd y byddan nhw&apos;n cael credyd cwblhau.</translation>
    </message>
    <message>
        <source>Please type your learner code.</source>
        <translation>Teipiwch eich cod dysgwr.</translation>
    </message>
    <message>
        <source>You were already registered. Thank you.</source>
        <translation>Roeddech chi wedi cofrestru&apos;n barod. Diolch.</translation>
    </message>
    <message>
        <source>Thank you: you are registered. Next person, please.</source>
        <translation>Diolch: rydych chi wedi cofrestru. Y person nesaf, os gwelwch yn dda.</translation>
    </message>
    <message>
        <source>%1 registered, %2 to get completion credit</source>
        <translation>%1 wedi cofrestru, %2 i gael credyd cwblhau</translation>
    </message>
    <message>
        <source>Attendee</source>
        <translation>Mynychwr</translation>
    </message>
    <message>
        <source>Joined late</source>
        <translation>Ymunodd yn hwyr</translation>
    </message>
    <message>
        <source>Left early</source>
        <translation>Gadawodd yn gynnar</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Credyd</translation>
    </message>
    <message>
        <source>Attendee %1</source>
        <translation>Mynychwr %1</translation>
    </message>
    <message>
        <source>joined late</source>
        <translation>ymunodd yn hwyr</translation>
    </message>
    <message>
        <source>left early</source>
        <translation>gadawodd yn gynnar</translation>
    </message>
    <message>
        <source>completion credit</source>
        <translation>credyd cwblhau</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Tynnu</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Tynnu %1</translation>
    </message>
    <message>
        <source>Finish the session? %1 of %2 attendees will get completion credit for “%3”. This cannot be undone.</source>
        <translation>Gorffen y sesiwn? Bydd %1 o %2 mynychwr yn cael credyd cwblhau ar gyfer “%3”. Does dim modd dadwneud hyn.</translation>
    </message>
    <message>
        <source>Type your learner code, and your PIN if you already have an account on this computer. New here? Choose a PIN of %1 to 8 digits that others could not guess, or leave it empty: your trainer can give you a one-time code to choose your PIN later.</source>
        <translation>Teipiwch eich cod dysgwr, a&apos;ch PIN os oes gennych chi gyfrif ar y cyfrifiadur hwn yn barod. Newydd yma? Dewiswch PIN %1 i 8 digid na allai eraill ei ddyfalu, neu gadewch ef yn wag: gall eich hyfforddwr roi cod untro i chi i ddewis eich PIN yn nes ymlaen.</translation>
    </message>
    <message>
        <source>For people who would rather not type their own. No PIN is needed; an account is made for anyone new. Someone with no PIN chooses one at sign-in with a one-time code: press “One-time code” on their row and give it to them in person.</source>
        <translation>I bobl y byddai&apos;n well ganddyn nhw beidio â theipio eu cod eu hunain. Does dim angen PIN; caiff cyfrif ei greu i unrhyw un newydd. Mae rhywun heb PIN yn dewis un wrth fewngofnodi gyda chod untro: pwyswch “Cod untro” ar eu rhes a&apos;i roi iddyn nhw wyneb yn wyneb.</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Mewngofnodi</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Cod untro</translation>
    </message>
    <message>
        <source>One-time code for %1</source>
        <translation>Cod untro i %1</translation>
    </message>
    <message>
        <source>One-time code for %1: %2. Give it to them in person: they sign in with their learner code and this code (once, within a week), then choose their PIN.</source>
        <translation>Cod untro i %1: %2. Rhowch ef iddyn nhw wyneb yn wyneb: maen nhw&apos;n mewngofnodi gyda&apos;u cod dysgwr a&apos;r cod hwn (unwaith, o fewn wythnos), ac yna&apos;n dewis eu PIN.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>TIP Kiosk</source>
        <translatorcomment>Review: the product name; a Welsh speaker should confirm &apos;Ciosg TIP&apos; (or keep &apos;TIP Kiosk&apos;).</translatorcomment>
        <translation>Ciosg TIP</translation>
    </message>
    <message>
        <source>Take a break</source>
        <translation>Cymryd seibiant</translation>
    </message>
    <message>
        <source>Pause and rest for as long as you like (%1)</source>
        <translation>Oedi a gorffwys am gyhyd ag y mynnwch (%1)</translation>
    </message>
    <message>
        <source>Shortcut: %1</source>
        <translation>Llwybr byr: %1</translation>
    </message>
    <message>
        <source>&amp;Display</source>
        <translation>&amp;Arddangos</translation>
    </message>
    <message>
        <source>Display settings</source>
        <translation>Gosodiadau arddangos</translation>
    </message>
    <message>
        <source>Text size, contrast and motion</source>
        <translation>Maint testun, cyferbyniad a symudiad</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Allgofn&amp;odi</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Allgofnodi</translation>
    </message>
    <message>
        <source>Save your progress and sign out</source>
        <translation>Cadw eich cynnydd ac allgofnodi</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Staff and IT area</source>
        <translation>Ardal staff a TG</translation>
    </message>
    <message>
        <source>For IT and site staff (Ctrl+Alt+A)</source>
        <translation>Ar gyfer staff TG a staff y safle (Ctrl+Alt+A)</translation>
    </message>
</context>
<context>
    <name>BreakScreen</name>
    <message>
        <source>Breathing guide</source>
        <translation>Canllaw anadlu</translation>
    </message>
    <message>
        <source>A circle that slowly grows as you breathe in and shrinks as you breathe out.</source>
        <translation>Cylch sy&apos;n tyfu&apos;n araf wrth i chi anadlu i mewn ac yn crebachu wrth i chi anadlu allan.</translation>
    </message>
    <message>
        <source>Breathe in slowly… and breathe out slowly.</source>
        <translation>Anadlwch i mewn yn araf… ac anadlwch allan yn araf.</translation>
    </message>
    <message>
        <source>I&apos;m ready to &amp;go back</source>
        <translation>Rwy&apos;n barod i &amp;fynd yn ôl</translation>
    </message>
    <message>
        <source>Take a break</source>
        <translation>Cymryd seibiant</translation>
    </message>
    <message>
        <source>Everything is saved. Stay here as long as you like: nothing is timed.</source>
        <translation>Mae popeth wedi&apos;i gadw. Arhoswch yma cyhyd ag y mynnwch: does dim byd yn cael ei amseru.</translation>
    </message>
    <message>
        <source>If it helps, breathe with the circle: in as it grows, out as it shrinks. Or just rest your eyes and notice your feet on the floor.</source>
        <translation>Os yw&apos;n helpu, anadlwch gyda&apos;r cylch: i mewn wrth iddo dyfu, allan wrth iddo grebachu. Neu, gorffwyswch eich llygaid a sylwch ar eich traed ar y llawr.</translation>
    </message>
    <message>
        <source>Breathe in…</source>
        <translation>Anadlwch i mewn…</translation>
    </message>
    <message>
        <source>Breathe out…</source>
        <translation>Anadlwch allan…</translation>
    </message>
</context>
<context>
    <name>CalmErrorScreen</name>
    <message>
        <source>&amp;Return to the start</source>
        <translation>&amp;Dychwelyd i&apos;r dechrau</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Aeth rhywbeth o&apos;i le</translation>
    </message>
    <message>
        <source>This was a problem with the kiosk, not with anything you did. Your progress up to your last step is saved.</source>
        <translation>Problem gyda&apos;r ciosg oedd hon, nid gydag unrhyw beth a wnaethoch chi. Mae eich cynnydd hyd at eich cam diwethaf wedi&apos;i gadw.</translation>
    </message>
    <message>
        <source>Please let a trainer know. You can go back to the start and sign in again to carry on.</source>
        <translation>Rhowch wybod i hyfforddwr. Gallwch fynd yn ôl i&apos;r dechrau a mewngofnodi eto i barhau.</translation>
    </message>
</context>
<context>
    <name>CheckView</name>
    <message>
        <source>This was practice after the answer had been shown, so it does not count towards completing the module. If you need to, My progress offers the questions again.</source>
        <translation>Ymarfer oedd hwn ar ôl i&apos;r ateb gael ei ddangos, felly nid yw&apos;n cyfrif tuag at gwblhau&apos;r modiwl. Os oes angen, mae Fy nghynnydd yn cynnig y cwestiynau eto.</translation>
    </message>
    <message>
        <source>After that you&apos;ll see the answer. You can still try the question again for practice, but it no longer counts; if you need to, My progress offers the questions again later.</source>
        <translation>Wedyn byddwch chi&apos;n gweld yr ateb. Gallwch roi cynnig arall ar y cwestiwn i ymarfer, ond nid yw&apos;n cyfrif mwyach; os oes angen, mae Fy nghynnydd yn cynnig y cwestiynau eto yn nes ymlaen.</translation>
    </message>
    <message>
        <source>Choose all that apply.</source>
        <translation>Dewiswch bob un sy&apos;n berthnasol.</translation>
    </message>
    <message>
        <source>Choose one answer.</source>
        <translation>Dewiswch un ateb.</translation>
    </message>
    <message>
        <source>Your first try counts towards completing this module.</source>
        <translation>Mae eich cynnig cyntaf yn cyfrif tuag at gwblhau&apos;r modiwl hwn.</translation>
    </message>
    <message>
        <source>Your first %1 tries count towards completing this module.</source>
        <translation>Mae eich %1 cynnig cyntaf yn cyfrif tuag at gwblhau&apos;r modiwl hwn.</translation>
    </message>
    <message>
        <source>After %1 tries you&apos;ll see the answer, and you can come back to the question at any time.</source>
        <translation>Ar ôl %1 cynnig, fe welwch chi&apos;r ateb, a gallwch ddod yn ôl at y cwestiwn unrhyw bryd.</translation>
    </message>
    <message>
        <source>Check my &amp;answer</source>
        <translation>Gwirio fy a&amp;teb</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>Rhoi &amp;cynnig arall</translation>
    </message>
    <message>
        <source>That&apos;s right.</source>
        <translation>Mae hynny&apos;n gywir.</translation>
    </message>
    <message>
        <source>Not quite. Here is what fits best, and why.</source>
        <translation>Ddim yn hollol. Dyma&apos;r ateb sy&apos;n gweddu orau, a pham.</translation>
    </message>
    <message>
        <source>Not quite. Here&apos;s why, and you can try again.</source>
        <translation>Ddim yn hollol. Dyma pam, a gallwch roi cynnig arall arni.</translation>
    </message>
    <message>
        <source>The answers that fit best: %1</source>
        <translation>Yr atebion sy&apos;n gweddu orau: %1</translation>
    </message>
    <message>
        <source>You found all the answers that apply.</source>
        <translation>Fe ddaethoch o hyd i&apos;r holl atebion sy&apos;n berthnasol.</translation>
    </message>
    <message>
        <source>&amp;Try this question again</source>
        <translation>Rhoi &amp;cynnig arall ar y cwestiwn hwn</translation>
    </message>
</context>
<context>
    <name>ChecksTab</name>
    <message>
        <source>Run the &amp;checks</source>
        <translation>&amp;Rhedeg y gwiriadau</translation>
    </message>
    <message>
        <source>Results of the checks</source>
        <translation>Canlyniadau&apos;r gwiriadau</translation>
    </message>
    <message>
        <source>The checks are not set up on this kiosk.</source>
        <translation>Dydy&apos;r gwiriadau ddim wedi&apos;u gosod ar y ciosg hwn.</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Gwiriadau</translation>
    </message>
    <message>
        <source>Checking this computer… (this takes a few seconds)</source>
        <translation>Wrthi&apos;n gwirio&apos;r cyfrifiadur hwn… (mae hyn yn cymryd ychydig eiliadau)</translation>
    </message>
    <message>
        <source>The checks could not run.</source>
        <translation>Doedd dim modd rhedeg y gwiriadau.</translation>
    </message>
</context>
<context>
    <name>ContactsCard</name>
    <message>
        <source>If you&apos;d like to talk to someone</source>
        <translation>Os hoffech siarad â rhywun</translation>
    </message>
    <message>
        <source>A trainer or your manager can tell you where to find support at your organisation.</source>
        <translation>Gall hyfforddwr neu eich rheolwr ddweud wrthych ble i gael cymorth yn eich sefydliad.</translation>
    </message>
    <message>
        <source>Talking to someone you trust can also help: a colleague, a friend or your GP.</source>
        <translation>Gall siarad â rhywun rydych chi&apos;n ymddiried ynddo helpu hefyd: cydweithiwr, ffrind neu eich meddyg teulu.</translation>
    </message>
</context>
<context>
    <name>ContentTab</name>
    <message>
        <source>&amp;Import a content pack…</source>
        <translation>&amp;Mewnforio pecyn cynnwys…</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Cynnydd mewnforio</translation>
    </message>
    <message>
        <source>Importing content is not set up on this kiosk.</source>
        <translation>Dydy mewnforio cynnwys ddim wedi&apos;i osod ar y ciosg hwn.</translation>
    </message>
    <message>
        <source>Choose a signed content pack from a USB stick or a network share. Learners&apos; progress is kept.</source>
        <translation>Dewiswch becyn cynnwys wedi&apos;i lofnodi o gof bach USB neu o ffolder a rennir ar y rhwydwaith. Caiff cynnydd dysgwyr ei gadw.</translation>
    </message>
    <message>
        <source>A SCORM, H5P or cmi5 package (.zip or .h5p) is added as a new module of the installed programme.</source>
        <translation>Mae pecyn SCORM, H5P neu cmi5 (.zip neu .h5p) yn cael ei ychwanegu fel modiwl newydd o&apos;r rhaglen sydd wedi&apos;i gosod.</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Cynnwys</translation>
    </message>
    <message>
        <source>Choose a content pack or an eLearning package</source>
        <translation>Dewiswch becyn cynnwys neu becyn e-ddysgu</translation>
    </message>
    <message>
        <source>Packs and packages (*.zip *.h5p);;All files (*)</source>
        <translation>Pecynnau (*.zip *.h5p);;Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Wrthi&apos;n mewnforio %1…</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>Wedi&apos;i fewnforio.</translation>
    </message>
    <message>
        <source>Not imported:</source>
        <translation>Heb ei fewnforio:</translation>
    </message>
</context>
<context>
    <name>ContentWaitScreen</name>
    <message>
        <source>Getting your modules ready…</source>
        <translation>Wrthi&apos;n paratoi eich modiwlau…</translation>
    </message>
</context>
<context>
    <name>CountdownScreen</name>
    <message>
        <source>I&apos;m &amp;still here</source>
        <translation>Rydw i&apos;n &amp;dal yma</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Ydych chi&apos;n dal yno?</translation>
    </message>
    <message>
        <source>Nothing has happened on this computer for a while. To keep your answers private, it will sign you out soon. Your progress is saved, and you can carry on from the same place next time.</source>
        <translation>Does dim byd wedi digwydd ar y cyfrifiadur hwn ers tro. Er mwyn cadw eich atebion yn breifat, bydd yn eich allgofnodi cyn bo hir. Mae eich cynnydd wedi&apos;i gadw, a gallwch barhau o&apos;r un lle y tro nesaf.</translation>
    </message>
    <message>
        <source>If you&apos;re here, press &quot;I&apos;m still here&quot; and carry on as you were.</source>
        <translation>Os ydych chi yma, pwyswch &quot;Rydw i&apos;n dal yma&quot; a pharhau fel yr oeddech chi.</translation>
    </message>
    <message>
        <source>Time left: %1</source>
        <translation>Amser ar ôl: %1</translation>
    </message>
</context>
<context>
    <name>DiscussionTimer</name>
    <message>
        <source>Discussion time</source>
        <translation>Amser trafod</translation>
    </message>
    <message>
        <source>Start &amp;timer</source>
        <translation>Dechrau&apos;r a&amp;mserydd</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Ailosod</translation>
    </message>
    <message>
        <source>Reset the discussion timer</source>
        <translation>Ailosod yr amserydd trafod</translation>
    </message>
    <message>
        <source> min</source>
        <translation> mun</translation>
    </message>
    <message>
        <source>no aim</source>
        <translation>dim nod</translation>
    </message>
    <message>
        <source>Minutes to aim for</source>
        <translation>Munudau i anelu atyn nhw</translation>
    </message>
    <message>
        <source>Aim for</source>
        <translation>Anelu at</translation>
    </message>
    <message>
        <source>Discussion timer (only you can see it)</source>
        <translation>Amserydd trafod (dim ond chi sy&apos;n gallu ei weld)</translation>
    </message>
    <message>
        <source>of %1:00</source>
        <translation>o %1:00</translation>
    </message>
    <message>
        <source>Pause &amp;timer</source>
        <translation>Oedi&apos;r a&amp;mserydd</translation>
    </message>
</context>
<context>
    <name>FinishPanel</name>
    <message>
        <source>Back to my modules</source>
        <translation>Yn ôl at fy modiwlau</translation>
    </message>
    <message>
        <source>You&apos;ve completed this module</source>
        <translation>Rydych chi wedi cwblhau&apos;r modiwl hwn</translation>
    </message>
    <message>
        <source>Well done for taking the time. You can come back and look through any part of it whenever you like.</source>
        <translation>Da iawn chi am roi&apos;r amser. Gallwch ddod yn ôl ac edrych drwy unrhyw ran ohono pryd bynnag y mynnwch.</translation>
    </message>
    <message>
        <source>Your certificate is on the My progress page.</source>
        <translation>Mae eich tystysgrif ar y dudalen Fy nghynnydd.</translation>
    </message>
    <message>
        <source>&amp;Look through this module again</source>
        <translation>&amp;Edrych drwy&apos;r modiwl hwn eto</translation>
    </message>
    <message>
        <source>Your progress is saved</source>
        <translation>Mae eich cynnydd wedi&apos;i gadw</translation>
    </message>
    <message>
        <source>A few things are still open. You can do them now or come back at any time; nothing is lost.</source>
        <translation>Mae ychydig o bethau ar ôl i&apos;w gwneud. Gallwch eu gwneud nawr neu ddod yn ôl unrhyw bryd; does dim byd wedi&apos;i golli.</translation>
    </message>
    <message>
        <source>&amp;Go to the first open step</source>
        <translation>&amp;Mynd i&apos;r cam cyntaf sydd heb ei orffen</translation>
    </message>
    <message>
        <source>&amp;Try the questions again</source>
        <translation>&amp;Rhowch gynnig ar y cwestiynau eto</translation>
    </message>
    <message>
        <source>Still to do:</source>
        <translation>I&apos;w gwneud o hyd:</translation>
    </message>
    <message>
        <source>Step %1: %2</source>
        <translation>Cam %1: %2</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>Agor %1</translation>
    </message>
    <message>
        <source>and %1 more.</source>
        <translation>a %1 arall.</translation>
    </message>
    <message>
        <source>The questions: this module asks for %1 of its %2 questions to be answered correctly, and so far %3 are. Each question&apos;s feedback explains the answer. Trying the questions again asks the ones not yet right afresh, in a new order.</source>
        <translation>Y cwestiynau: mae&apos;r modiwl hwn yn gofyn i %1 o&apos;i %2 cwestiwn gael eu hateb yn gywir, a hyd yma mae %3 wedi&apos;u hateb yn gywir. Mae&apos;r adborth ar bob cwestiwn yn esbonio&apos;r ateb. Mae rhoi cynnig ar y cwestiynau eto yn gofyn y rhai sydd heb eu cael yn gywir eto o&apos;r newydd, mewn trefn newydd.</translation>
    </message>
</context>
<context>
    <name>GroupCountdownScreen</name>
    <message>
        <source>Still presenting?</source>
        <translation>Yn dal i gyflwyno?</translation>
    </message>
    <message>
        <source>Nothing has been pressed on the trainer&apos;s screen for a while. To keep the trainer&apos;s tools safe, it will sign out soon. The group session is kept: the trainer can resume it from the trainer home.</source>
        <translation>Does dim byd wedi&apos;i bwyso ar sgrin yr hyfforddwr ers tro. Er mwyn cadw offer yr hyfforddwr yn ddiogel, bydd yn allgofnodi cyn bo hir. Mae&apos;r sesiwn grŵp yn cael ei chadw: gall yr hyfforddwr ailddechrau&apos;r sesiwn o hafan yr hyfforddwr.</translation>
    </message>
    <message>
        <source>Trainer: press &quot;Continue the session&quot; to carry on where you were.</source>
        <translation>Hyfforddwr: pwyswch &quot;Parhau â&apos;r sesiwn&quot; i barhau o&apos;r man lle&apos;r oeddech chi.</translation>
    </message>
    <message>
        <source>&amp;Continue the session</source>
        <translation>&amp;Parhau â&apos;r sesiwn</translation>
    </message>
</context>
<context>
    <name>GroupScreen</name>
    <message>
        <source>Back to &amp;trainer home</source>
        <translation>Yn ôl i &amp;hafan yr hyfforddwr</translation>
    </message>
    <message>
        <source>Session finished</source>
        <translation>Mae&apos;r sesiwn wedi gorffen</translation>
    </message>
    <message>
        <source>The completions will be sent with the kiosk&apos;s other records when it next syncs.</source>
        <translation>Caiff y cofnodion cwblhau eu hanfon gyda chofnodion eraill y ciosg y tro nesaf y bydd yn cysoni.</translation>
    </message>
    <message>
        <source>About %1 minutes.</source>
        <translation>Tua %1 munud.</translation>
    </message>
    <message>
        <source>About a minute.</source>
        <translation>Tua munud.</translation>
    </message>
    <message>
        <source>Under a minute.</source>
        <translation>Llai na munud.</translation>
    </message>
    <message>
        <source>%1 attendees, %2 with completion credit.</source>
        <translation>%1 mynychwr, %2 gyda chredyd cwblhau.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Hello, %1.</source>
        <translation>Helo, %1.</translation>
    </message>
    <message>
        <source>Hello.</source>
        <translation>Helo.</translation>
    </message>
    <message>
        <source>My &amp;progress</source>
        <translation>Fy &amp;nghynnydd</translation>
    </message>
    <message>
        <source>My progress and certificates</source>
        <translation>Fy nghynnydd a&apos;m tystysgrifau</translation>
    </message>
    <message>
        <source>What you have completed, time spent, and certificates</source>
        <translation>Yr hyn rydych chi wedi&apos;i gwblhau, yr amser a dreuliwyd, a thystysgrifau</translation>
    </message>
    <message>
        <source>Your modules</source>
        <translation>Eich modiwlau</translation>
    </message>
    <message>
        <source>The course content on this computer can&apos;t be opened.</source>
        <translation>Does dim modd agor cynnwys y cwrs ar y cyfrifiadur hwn.</translation>
    </message>
    <message>
        <source>Please let a trainer or IT know. Your saved progress is safe.</source>
        <translation>Rhowch wybod i hyfforddwr neu i&apos;r adran TG. Mae&apos;r cynnydd rydych chi wedi&apos;i gadw yn ddiogel.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Parhau</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Dechrau</translation>
    </message>
    <message>
        <source>You&apos;ll pick up exactly where you left off.</source>
        <translation>Byddwch chi&apos;n ailddechrau yn union lle gadawoch chi.</translation>
    </message>
    <message>
        <source>The next module in the programme.</source>
        <translation>Y modiwl nesaf yn y rhaglen.</translation>
    </message>
    <message>
        <source>A good place to begin.</source>
        <translation>Lle da i ddechrau.</translation>
    </message>
    <message>
        <source>This module can&apos;t be opened right now. Please let a trainer know. The other modules work as usual.</source>
        <translation>Does dim modd agor y modiwl hwn ar hyn o bryd. Rhowch wybod i hyfforddwr. Mae&apos;r modiwlau eraill yn gweithio fel arfer.</translation>
    </message>
    <message>
        <source>About %1 minutes</source>
        <translation>Tua %1 munud</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Wedi&apos;i gwblhau</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>ar %1</translation>
    </message>
    <message>
        <source>%1 of %2 steps done</source>
        <translation>%1 o %2 cam wedi&apos;u gwneud</translation>
    </message>
    <message>
        <source>Progress in %1</source>
        <translation>Cynnydd: %1</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Adolygu</translation>
    </message>
    <message>
        <source>Other modules (not part of your pathway)</source>
        <translation>Modiwlau eraill (nid yn rhan o&apos;ch llwybr)</translation>
    </message>
    <message>
        <source>Thank you. Your answers are saved, privately.</source>
        <translation>Diolch. Mae eich atebion wedi&apos;u cadw, yn breifat.</translation>
    </message>
    <message>
        <source>The next module on your pathway.</source>
        <translation>Y modiwl nesaf ar eich llwybr.</translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <source>That could not be finished because of an unexpected problem. The details are in the kiosk&apos;s log.</source>
        <translation>Nid oedd modd gorffen hynny oherwydd problem annisgwyl. Mae’r manylion yng nghofnod y ciosg.</translation>
    </message>
</context>
<context>
    <name>KioskTab</name>
    <message>
        <source>E&amp;xit the kiosk</source>
        <translation>&amp;Gadael y ciosg</translation>
    </message>
    <message>
        <source>&amp;Lock and go back to sign-in</source>
        <translation>&amp;Cloi a mynd yn ôl i fewngofnodi</translation>
    </message>
    <message>
        <source>Exiting closes TIP Kiosk on this PC until it is started again. Learners&apos; progress is saved.</source>
        <translation>Mae gadael yn cau Ciosg TIP ar y cyfrifiadur hwn nes iddo gael ei gychwyn eto. Mae cynnydd dysgwyr wedi&apos;i gadw.</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Ciosg</translation>
    </message>
</context>
<context>
    <name>KnowledgeTestView</name>
    <message>
        <source>Before you start, a few questions to see what you know already. It&apos;s fine not to know: answer as best you can. You won&apos;t see the answers now. You&apos;ll be asked the same questions at the end of the module, and then see how you did.</source>
        <translation>Cyn i chi ddechrau, ychydig o gwestiynau i weld beth rydych chi&apos;n ei wybod yn barod. Mae&apos;n iawn peidio â gwybod: atebwch orau y gallwch. Fyddwch chi ddim yn gweld yr atebion nawr. Bydd yr un cwestiynau&apos;n cael eu gofyn ar ddiwedd y modiwl, a byddwch chi&apos;n gweld sut aeth hi bryd hynny.</translation>
    </message>
    <message>
        <source>The same questions as at the start of the module. Answer as best you can, then check your answers.</source>
        <translation>Yr un cwestiynau ag ar ddechrau&apos;r modiwl. Atebwch orau y gallwch, yna gwiriwch eich atebion.</translation>
    </message>
    <message>
        <source>Your answers never count towards completing the module. They are used without your name, to see how much the programme helps people learn.</source>
        <translation>Nid yw eich atebion byth yn cyfrif tuag at gwblhau&apos;r modiwl. Maen nhw&apos;n cael eu defnyddio heb eich enw, i weld faint mae&apos;r rhaglen yn helpu pobl i ddysgu.</translation>
    </message>
    <message>
        <source>Choose all that apply.</source>
        <translation>Dewiswch bob un sy&apos;n berthnasol.</translation>
    </message>
    <message>
        <source>Choose one answer.</source>
        <translation>Dewiswch un ateb.</translation>
    </message>
    <message>
        <source>&amp;Save my answers</source>
        <translation>&amp;Cadw fy atebion</translation>
    </message>
    <message>
        <source>&amp;Check my answers</source>
        <translation>&amp;Gwirio fy atebion</translation>
    </message>
    <message>
        <source>Thank you. Your answers are saved as they are, so the comparison at the end is fair. You&apos;ll see how you did at the end of the module.</source>
        <translation>Diolch. Mae eich atebion wedi&apos;u cadw fel y maen nhw, fel bod y gymhariaeth ar y diwedd yn deg. Byddwch chi&apos;n gweld sut aeth hi ar ddiwedd y modiwl.</translation>
    </message>
    <message>
        <source>You answered %1 of %2 questions correctly.</source>
        <translation>Fe atebloch chi %1 o %2 cwestiwn yn gywir.</translation>
    </message>
    <message>
        <source>At the start of the module: %1 of %2.</source>
        <translation>Ar ddechrau&apos;r modiwl: %1 o %2.</translation>
    </message>
    <message>
        <source>What fits best: %1</source>
        <translation>Beth sy&apos;n gweddu orau: %1</translation>
    </message>
</context>
<context>
    <name>LogTab</name>
    <message>
        <source>Kiosk log</source>
        <translation>Log y ciosg</translation>
    </message>
    <message>
        <source>&amp;Show the latest</source>
        <translation>&amp;Dangos y diweddaraf</translation>
    </message>
    <message>
        <source>The newest entries are at the end. The log holds no learner codes, names or answers.</source>
        <translation>Mae&apos;r cofnodion diweddaraf ar y diwedd. Does dim codau dysgwyr, enwau nac atebion yn y log.</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>The log is empty.</source>
        <translation>Mae&apos;r log yn wag.</translation>
    </message>
</context>
<context>
    <name>PackageView</name>
    <message>
        <source>This kiosk can&apos;t play this kind of module</source>
        <translation>Dydy&apos;r ciosg hwn ddim yn gallu chwarae&apos;r math hwn o fodiwl</translation>
    </message>
    <message>
        <source>This step is an interactive package. You can carry on with the rest of the module; this step will be here when it can be played.</source>
        <translation>Pecyn rhyngweithiol yw&apos;r cam hwn. Gallwch barhau gyda gweddill y modiwl; bydd y cam hwn yma pan fydd modd ei chwarae.</translation>
    </message>
    <message>
        <source>Please tell IT: %1.</source>
        <translation>Dywedwch wrth TG, os gwelwch yn dda: %1.</translation>
    </message>
    <message>
        <source>Package content: %1</source>
        <translation>Cynnwys y pecyn: %1</translation>
    </message>
    <message>
        <source>Package save status</source>
        <translation>Statws cadw&apos;r pecyn</translation>
    </message>
    <message>
        <source>Contents of this package</source>
        <translation>Cynnwys y pecyn hwn</translation>
    </message>
    <message>
        <source>Con&amp;tents</source>
        <translation>Cynn&amp;wys</translation>
    </message>
    <message>
        <source>Pre&amp;vious part</source>
        <translation>Rhan f&amp;laenorol</translation>
    </message>
    <message>
        <source>Previous part of this package</source>
        <translation>Rhan flaenorol y pecyn hwn</translation>
    </message>
    <message>
        <source>Ne&amp;xt part</source>
        <translation>Rhan ne&amp;saf</translation>
    </message>
    <message>
        <source>Next part of this package</source>
        <translation>Rhan nesaf y pecyn hwn</translation>
    </message>
    <message>
        <source>You&apos;ve finished this part</source>
        <translation>Rydych chi wedi gorffen y rhan hon</translation>
    </message>
    <message>
        <source>Your work in this package is saved. Use Next to carry on.</source>
        <translation>Mae eich gwaith yn y pecyn hwn wedi&apos;i gadw. Defnyddiwch Nesaf i barhau.</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Wedi&apos;i gadw</translation>
    </message>
    <message>
        <source>Not saved: the package sent something the kiosk could not keep</source>
        <translation>Heb ei gadw: anfonodd y pecyn rywbeth na allai&apos;r ciosg ei gadw</translation>
    </message>
</context>
<context>
    <name>PathwayChooser</name>
    <message>
        <source>%1 (your pathway now)</source>
        <translation>%1 (eich llwybr nawr)</translation>
    </message>
    <message>
        <source>%1 modules, about %2 hours</source>
        <translation>%1 modiwl, tua %2 awr</translation>
    </message>
    <message>
        <source>A pathway is the set of modules for your kind of work, in a sensible order. Choose the one that fits your role best. You can change it later from your home screen or My progress, and nothing you have done is lost.</source>
        <translation>Llwybr yw&apos;r set o fodiwlau ar gyfer eich math chi o waith, mewn trefn synhwyrol. Dewiswch yr un sy&apos;n gweddu orau i&apos;ch rôl. Gallwch ei newid yn nes ymlaen o&apos;ch sgrin gartref neu o Fy nghynnydd, a fydd dim byd rydych chi wedi&apos;i wneud yn cael ei golli.</translation>
    </message>
    <message>
        <source>Change your pathway</source>
        <translation>Newid eich llwybr</translation>
    </message>
    <message>
        <source>Choose the pathway: %1</source>
        <translation>Dewis y llwybr: %1</translation>
    </message>
    <message>
        <source>Choose this pathway</source>
        <translation>Dewis y llwybr hwn</translation>
    </message>
    <message>
        <source>Choose your pathway</source>
        <translation>Dewiswch eich llwybr</translation>
    </message>
    <message>
        <source>For: %1</source>
        <translation>Ar gyfer: %1</translation>
    </message>
    <message>
        <source>Level: %1</source>
        <translation>Lefel: %1</translation>
    </message>
    <message>
        <source>Not sure which fits your role? Your trainer can help you choose.</source>
        <translation>Ddim yn siŵr pa un sy&apos;n gweddu i&apos;ch rôl? Gall eich hyfforddwr eich helpu i ddewis.</translation>
    </message>
    <message>
        <source>Starts with: %1</source>
        <translation>Yn dechrau gyda: %1</translation>
    </message>
    <message>
        <source>The levels</source>
        <translation>Y lefelau</translation>
    </message>
    <message>
        <source>← &amp;Keep my current pathway</source>
        <translation>← &amp;Cadw fy llwybr presennol</translation>
    </message>
    <message>
        <source>Your choice could not be saved just now. Please try again, or ask a trainer. Nothing you have done is lost.</source>
        <translation>Doedd dim modd cadw eich dewis ar hyn o bryd. Rhowch gynnig arall arni, neu gofynnwch i hyfforddwr. Does dim byd rydych chi wedi&apos;i wneud wedi&apos;i golli.</translation>
    </message>
</context>
<context>
    <name>PlayerScreen</name>
    <message>
        <source>You can skip this step for now and come back to it whenever you are ready. It stays open, and it is needed to complete the module; skipping never counts against you and nothing is lost.</source>
        <translation>Gallwch hepgor y cam hwn am y tro a dod yn ôl ato pan fyddwch chi&apos;n barod. Mae&apos;n aros ar agor, ac mae ei angen i gwblhau&apos;r modiwl; nid yw hepgor byth yn cyfrif yn eich erbyn ac nid oes dim yn cael ei golli.</translation>
    </message>
    <message>
        <source>You can skip this step: it is not needed to complete the module, and you can come back to it at any time.</source>
        <translation>Gallwch hepgor y cam hwn: nid oes ei angen i gwblhau&apos;r modiwl, a gallwch ddod yn ôl ato unrhyw bryd.</translation>
    </message>
    <message>
        <source>You can take a break at any time, or see who you can talk to.</source>
        <translation>Gallwch gymryd seibiant unrhyw bryd, neu weld gyda phwy y gallwch siarad.</translation>
    </message>
    <message>
        <source>Position in this module</source>
        <translation>Eich lle yn y modiwl hwn</translation>
    </message>
    <message>
        <source>Save status</source>
        <translation>Statws cadw</translation>
    </message>
    <message>
        <source>← &amp;Back</source>
        <translation>← &amp;Yn ôl</translation>
    </message>
    <message>
        <source>&amp;Next →</source>
        <translation>&amp;Nesaf →</translation>
    </message>
    <message>
        <source>&amp;My modules</source>
        <translation>&amp;Fy modiwlau</translation>
    </message>
    <message>
        <source>This module was updated; you&apos;re at the first step you haven&apos;t finished.</source>
        <translation>Mae&apos;r modiwl hwn wedi&apos;i ddiweddaru; rydych chi ar y cam cyntaf nad ydych chi wedi&apos;i orffen.</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Cam %1 o %2</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Gorffen</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Gorffen</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nesaf</translation>
    </message>
    <message>
        <source>End of module</source>
        <translation>Diwedd y modiwl</translation>
    </message>
    <message>
        <source>&amp;Continue to this step</source>
        <translation>&amp;Parhau i&apos;r cam hwn</translation>
    </message>
    <message>
        <source>&amp;Skip for now</source>
        <translation>&amp;Hepgor am nawr</translation>
    </message>
    <message>
        <source>Go to su&amp;pport</source>
        <translation>Mynd i gael cy&amp;morth</translation>
    </message>
    <message>
        <source>Before you continue</source>
        <translation>Cyn i chi barhau</translation>
    </message>
    <message>
        <source>Content note: %1</source>
        <translation>Nodyn cynnwys: %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Wedi&apos;i gadw</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <source>Small</source>
        <translation>Bach</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Canolig</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>Mawr</translation>
    </message>
    <message>
        <source>Extra large</source>
        <translation>Mawr iawn</translation>
    </message>
    <message>
        <source>Video player</source>
        <translation>Chwaraewr fideo</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>Capsiynau</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Chwarae</translation>
    </message>
    <message>
        <source>« 10 s</source>
        <translation>« 10 eiliad</translation>
    </message>
    <message>
        <source>Back 10 seconds</source>
        <translation>Yn ôl 10 eiliad</translation>
    </message>
    <message>
        <source>10 s »</source>
        <translation>10 eiliad »</translation>
    </message>
    <message>
        <source>Forward 10 seconds</source>
        <translation>Ymlaen 10 eiliad</translation>
    </message>
    <message>
        <source>Position in the video</source>
        <translation>Eich lle yn y fideo</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Distewi</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lefel y sain</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Cyflymder chwarae</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Captions: on</source>
        <translation>Capsiynau: ymlaen</translation>
    </message>
    <message>
        <source>Captions on or off</source>
        <translation>Capsiynau ymlaen neu i ffwrdd</translation>
    </message>
    <message>
        <source>Caption size</source>
        <translation>Maint y capsiynau</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Sgrin lawn</translation>
    </message>
    <message>
        <source>Keys: Space play or pause · ← → back or forward 10 s · ↑ ↓ volume · M mute · C captions · + − caption size · S speed · F full screen · Esc leave full screen</source>
        <translation>Bysellau: Bylchwr chwarae neu oedi · ← → yn ôl neu ymlaen 10 eiliad · ↑ ↓ lefel y sain · M distewi · C capsiynau · + − maint y capsiynau · S cyflymder · F sgrin lawn · Esc gadael sgrin lawn</translation>
    </message>
    <message>
        <source>&amp;Speed</source>
        <translation>&amp;Cyflymder</translation>
    </message>
    <message>
        <source>Caption si&amp;ze</source>
        <translation>&amp;Maint y capsiynau</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>Gadael sgrin lawn</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Oedi</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 o %2</translation>
    </message>
    <message>
        <source>Captions: off</source>
        <translation>Capsiynau: i ffwrdd</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Dad-ddistewi</translation>
    </message>
    <message>
        <source>Video picture</source>
        <translation>Llun y fideo</translation>
    </message>
</context>
<context>
    <name>PresenterView</name>
    <message>
        <source>Go to step</source>
        <translation>Mynd i gam</translation>
    </message>
    <message>
        <source>Trainer notes</source>
        <translation>Nodiadau&apos;r hyfforddwr</translation>
    </message>
    <message>
        <source>Save status</source>
        <translation>Statws cadw</translation>
    </message>
    <message>
        <source>← &amp;Back</source>
        <translation>← &amp;Yn ôl</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Yn ôl</translation>
    </message>
    <message>
        <source>&amp;Next →</source>
        <translation>&amp;Nesaf →</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nesaf</translation>
    </message>
    <message>
        <source>Di&amp;scuss</source>
        <translation>&amp;Trafod</translation>
    </message>
    <message>
        <source>Pause for discussion</source>
        <translation>Oedi i drafod</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>Ate&amp;b</translation>
    </message>
    <message>
        <source>Show the answer on the slide</source>
        <translation>Dangos yr ateb ar y sleid</translation>
    </message>
    <message>
        <source>Scroll the slide up</source>
        <translation>Sgrolio&apos;r sleid i fyny</translation>
    </message>
    <message>
        <source>Scroll the slide down</source>
        <translation>Sgrolio&apos;r sleid i lawr</translation>
    </message>
    <message>
        <source>No&amp;tes</source>
        <translation>No&amp;diadau</translation>
    </message>
    <message>
        <source>Notes, room answers and timer</source>
        <translation>Nodiadau, atebion yr ystafell ac amserydd</translation>
    </message>
    <message>
        <source>Attendan&amp;ce</source>
        <translation>&amp;Presenoldeb</translation>
    </message>
    <message>
        <source>&amp;End</source>
        <translation>&amp;Gorffen</translation>
    </message>
    <message>
        <source>End the session</source>
        <translation>Gorffen y sesiwn</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Cuddio</translation>
    </message>
    <message>
        <source>Hide the controls</source>
        <translation>Cuddio&apos;r rheolyddion</translation>
    </message>
    <message>
        <source>Back (Page Up)</source>
        <translation>Yn ôl (Page Up)</translation>
    </message>
    <message>
        <source>Next (Page Down)</source>
        <translation>Nesaf (Page Down)</translation>
    </message>
    <message>
        <source>Pause for discussion (Ctrl+D)</source>
        <translation>Oedi i drafod (Ctrl+D)</translation>
    </message>
    <message>
        <source>Show the answer and its feedback on the slide</source>
        <translation>Dangos yr ateb a&apos;i adborth ar y sleid</translation>
    </message>
    <message>
        <source>Scroll the slide up (Ctrl+Up)</source>
        <translation>Sgrolio&apos;r sleid i fyny (Ctrl+Up)</translation>
    </message>
    <message>
        <source>Scroll the slide down (Ctrl+Down)</source>
        <translation>Sgrolio&apos;r sleid i lawr (Ctrl+Down)</translation>
    </message>
    <message>
        <source>Your notes, the room&apos;s answers and the timer</source>
        <translation>Eich nodiadau, atebion yr ystafell a&apos;r amserydd</translation>
    </message>
    <message>
        <source>End the session and record attendance</source>
        <translation>Gorffen y sesiwn a chofnodi presenoldeb</translation>
    </message>
    <message>
        <source>Hide the controls (F9 shows them again)</source>
        <translation>Cuddio&apos;r rheolyddion (mae F9 yn eu dangos eto)</translation>
    </message>
    <message>
        <source>Show the controls</source>
        <translation>Dangos y rheolyddion</translation>
    </message>
    <message>
        <source>Show the controls (F9)</source>
        <translation>Dangos y rheolyddion (F9)</translation>
    </message>
    <message>
        <source>Trainer notes (only you can see them)</source>
        <translation>Nodiadau&apos;r hyfforddwr (dim ond chi sy&apos;n gallu eu gweld)</translation>
    </message>
    <message>
        <source>Trainer notes, room answers and timer</source>
        <translation>Nodiadau&apos;r hyfforddwr, atebion yr ystafell ac amserydd</translation>
    </message>
    <message>
        <source>On the projector (%1):</source>
        <translation>Ar y taflunydd (%1):</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Wedi&apos;i gadw</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 o %2</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Nawr: %1</translation>
    </message>
    <message>
        <source>Next: %1</source>
        <translation>Nesaf: %1</translation>
    </message>
    <message>
        <source>This is the last step. End the session when you are ready.</source>
        <translation>Dyma&apos;r cam olaf. Gorffennwch y sesiwn pan fyddwch chi&apos;n barod.</translation>
    </message>
    <message>
        <source>Back to the slide</source>
        <translation>Yn ôl i&apos;r sleid</translation>
    </message>
    <message>
        <source>*No trainer notes for this step.*</source>
        <translation>*Does dim nodiadau hyfforddwr ar gyfer y cam hwn.*</translation>
    </message>
</context>
<context>
    <name>PreviewWindow</name>
    <message>
        <source>Preview</source>
        <translation>Rhagolwg</translation>
    </message>
    <message>
        <source>Preview of %1</source>
        <translation>Rhagolwg o %1</translation>
    </message>
    <message>
        <source>Preview: nothing is saved to learner records. Save a file in the module folder and this window updates.</source>
        <translation>Rhagolwg: does dim byd yn cael ei gadw yng nghofnodion dysgwyr. Cadwch ffeil yn ffolder y modiwl ac mae&apos;r ffenestr hon yn diweddaru.</translation>
    </message>
    <message>
        <source>Preview status</source>
        <translation>Statws y rhagolwg</translation>
    </message>
    <message>
        <source>Review of the facts</source>
        <translation>Adolygiad o&apos;r ffeithiau</translation>
    </message>
    <message>
        <source>Go to step</source>
        <translation>Mynd i gam</translation>
    </message>
    <message>
        <source>Problems in this module</source>
        <translation>Problemau yn y modiwl hwn</translation>
    </message>
    <message>
        <source>This module cannot be shown until these problems are fixed. Fix them and save: the step comes back by itself.</source>
        <translation>Does dim modd dangos y modiwl hwn nes bydd y problemau hyn wedi&apos;u datrys. Datryswch nhw a chadwch y ffeil: daw&apos;r cam yn ôl ohono&apos;i hun.</translation>
    </message>
    <message>
        <source>In the kiosk, this opens the support contacts from programme.yaml.</source>
        <translation>Yn y ciosg, mae hwn yn agor y cysylltiadau cymorth o programme.yaml.</translation>
    </message>
    <message>
        <source>Preview: %1</source>
        <translation>Rhagolwg: %1</translation>
    </message>
    <message>
        <source>There is no step &apos;%1&apos; in this module; showing the first step.</source>
        <translation>Does dim cam &apos;%1&apos; yn y modiwl hwn; yn dangos y cam cyntaf.</translation>
    </message>
    <message>
        <source>Checked and shown at %1.</source>
        <translation>Wedi&apos;i wirio a&apos;i ddangos am %1.</translation>
    </message>
    <message>
        <source>The facts in this module have not been reviewed yet: add reviewed_by and review_due to module.yaml.</source>
        <translation>Dydy&apos;r ffeithiau yn y modiwl hwn ddim wedi&apos;u hadolygu eto: ychwanegwch reviewed_by a review_due at module.yaml.</translation>
    </message>
    <message>
        <source>Facts reviewed by %1; the next review was due on %2 (overdue).</source>
        <translation>Ffeithiau wedi&apos;u hadolygu gan %1; roedd yr adolygiad nesaf i fod ar %2 (yn hwyr).</translation>
    </message>
    <message>
        <source>Facts reviewed by %1; next review due %2.</source>
        <translation>Ffeithiau wedi&apos;u hadolygu gan %1; adolygiad nesaf erbyn %2.</translation>
    </message>
    <message>
        <source>1 problem found at %1.</source>
        <translation>Un broblem wedi&apos;i chanfod am %1.</translation>
    </message>
    <message>
        <source>%1 problems found at %2.</source>
        <translation>%1 o broblemau wedi&apos;u canfod am %2.</translation>
    </message>
</context>
<context>
    <name>ProgressScreen</name>
    <message>
        <source>&amp;Try the questions again</source>
        <translation>&amp;Rhowch gynnig ar y cwestiynau eto</translation>
    </message>
    <message>
        <source>Try the questions again: %1</source>
        <translation>Rhowch gynnig ar y cwestiynau eto: %1</translation>
    </message>
    <message>
        <source>You answered %1 of %2 questions correctly; this module asks for %3. You can try the questions again: each one you have not got right yet is asked afresh, and the ones you got right stay counted.</source>
        <translation>Fe atebloch chi %1 o %2 cwestiwn yn gywir; mae&apos;r modiwl hwn yn gofyn am %3. Gallwch roi cynnig ar y cwestiynau eto: mae pob un nad ydych wedi&apos;i gael yn gywir eto yn cael ei ofyn o&apos;r newydd, ac mae&apos;r rhai a gawsoch yn gywir yn dal i gyfrif.</translation>
    </message>
    <message>
        <source>Save your certificate</source>
        <translation>Cadw eich tystysgrif</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Ffeiliau PDF (*.pdf)</translation>
    </message>
    <message>
        <source>← Back to &amp;my modules</source>
        <translation>← Yn ôl at &amp;fy modiwlau</translation>
    </message>
    <message>
        <source>My progress</source>
        <translation>Fy nghynnydd</translation>
    </message>
    <message>
        <source>You have completed %1 of %2 modules.</source>
        <translation>Rydych chi wedi cwblhau %1 o %2 modiwl.</translation>
    </message>
    <message>
        <source>Time spent so far: %1.</source>
        <translation>Yr amser a dreuliwyd hyd yma: %1.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>dim eto</translation>
    </message>
    <message>
        <source>Time is counted while you work in a module. If nothing happens for a long while, at most %1 minutes of it are counted.</source>
        <translation>Mae&apos;r amser yn cael ei gyfrif tra byddwch chi&apos;n gweithio mewn modiwl. Os nad oes dim yn digwydd am amser hir, dim ond %1 munud ohono ar y mwyaf sy&apos;n cael ei gyfrif.</translation>
    </message>
    <message>
        <source>Name to print on a certificate (optional)</source>
        <translation>Enw i&apos;w argraffu ar dystysgrif (dewisol)</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Dewisol</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Tystysgrifau</translation>
    </message>
    <message>
        <source>If you would like your name on a certificate, type it here. It is printed on the certificate only and is not kept.</source>
        <translation>Os hoffech chi gael eich enw ar dystysgrif, teipiwch ef yma. Dim ond ar y dystysgrif y caiff ei argraffu, a dydy e ddim yn cael ei gadw.</translation>
    </message>
    <message>
        <source>TIP certificate - %1 - %2.pdf</source>
        <translation>Tystysgrif TIP - %1 - %2.pdf</translation>
    </message>
    <message>
        <source>Your certificate for “%1” is saved as %2</source>
        <translation>Mae eich tystysgrif ar gyfer “%1” wedi&apos;i chadw fel %2</translation>
    </message>
    <message>
        <source>Time spent: %1</source>
        <translation>Amser a dreuliwyd: %1</translation>
    </message>
    <message>
        <source>Questions answered correctly: %1 of %2</source>
        <translation>Cwestiynau a atebwyd yn gywir: %1 o %2</translation>
    </message>
    <message>
        <source>Confidence compared with the start: higher on %1 of %2 questions</source>
        <translation>Hyder o&apos;i gymharu â&apos;r dechrau: yn uwch ar %1 o %2 cwestiwn</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Adolygu</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Parhau</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Dechrau</translation>
    </message>
    <message>
        <source>Save certificate (PDF)</source>
        <translation>Cadw&apos;r dystysgrif (PDF)</translation>
    </message>
    <message>
        <source>Save certificate for %1 as PDF</source>
        <translation>Cadw&apos;r dystysgrif ar gyfer %1 fel PDF</translation>
    </message>
    <message>
        <source>Completed on %1</source>
        <translation>Wedi&apos;i gwblhau ar %1</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Wedi&apos;i gwblhau</translation>
    </message>
    <message>
        <source>In progress: %1 of %2 required steps done</source>
        <translation>Ar y gweill: %1 o %2 cam gofynnol wedi&apos;u gwneud</translation>
    </message>
    <message>
        <source>Not started yet</source>
        <translation>Heb ddechrau eto</translation>
    </message>
    <message>
        <source>%1 level. %2 of %3 modules completed; they are listed below in the order to take them.</source>
        <translation>Lefel %1. %2 o %3 modiwl wedi&apos;u cwblhau; maen nhw wedi&apos;u rhestru isod yn y drefn i&apos;w dilyn.</translation>
    </message>
    <message>
        <source>C&amp;hange pathway</source>
        <translation>Newid y &amp;llwybr</translation>
    </message>
    <message>
        <source>Change pathway (now: %1)</source>
        <translation>Newid y llwybr (nawr: %1)</translation>
    </message>
    <message>
        <source>Save programme certificate for the pathway %1 as PDF</source>
        <translation>Cadw tystysgrif y rhaglen ar gyfer y llwybr %1 fel PDF</translation>
    </message>
    <message>
        <source>Save programme certificate: %1</source>
        <translation>Cadw tystysgrif y rhaglen: %1</translation>
    </message>
    <message>
        <source>Your pathway: %1</source>
        <translation>Eich llwybr: %1</translation>
    </message>
    <message>
        <source>Your programme certificate can be saved here when every module of the pathway is completed.</source>
        <translation>Gallwch gadw tystysgrif eich rhaglen yma pan fydd pob modiwl yn y llwybr wedi&apos;i gwblhau.</translation>
    </message>
</context>
<context>
    <name>ProjectorView</name>
    <message>
        <source>What the room sees</source>
        <translation>Beth mae&apos;r ystafell yn ei weld</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Croeso</translation>
    </message>
    <message>
        <source>Please register your attendance at the computer: type your learner code, and your PIN if you already have an account on it.</source>
        <translation>Cofrestrwch eich presenoldeb ar y cyfrifiadur, os gwelwch yn dda: teipiwch eich cod dysgwr, a&apos;ch PIN os oes gennych chi gyfrif arno&apos;n barod.</translation>
    </message>
    <message>
        <source>You can also register at the end. Your code is never shown here.</source>
        <translation>Gallwch chi hefyd gofrestru ar y diwedd. Fydd eich cod byth yn cael ei ddangos yma.</translation>
    </message>
    <message>
        <source>Registered so far: %1</source>
        <translation>Wedi cofrestru hyd yma: %1</translation>
    </message>
    <message>
        <source>Look after yourselves after today&apos;s session. If anything has stayed with you, talk to your trainer or someone you trust.</source>
        <translation>Gofalwch amdanoch chi&apos;ch hunain ar ôl sesiwn heddiw. Os oes rhywbeth wedi aros gyda chi, siaradwch â&apos;ch hyfforddwr neu â rhywun rydych chi&apos;n ymddiried ynddo.</translation>
    </message>
    <message>
        <source>Support is also here:</source>
        <translation>Mae cymorth ar gael yma hefyd:</translation>
    </message>
    <message>
        <source>Thank you for taking part</source>
        <translation>Diolch am gymryd rhan</translation>
    </message>
    <message>
        <source>%1 · %2 of %3</source>
        <translation>%1 · %2 o %3</translation>
    </message>
    <message>
        <source>Time to talk</source>
        <translation>Amser i siarad</translation>
    </message>
    <message>
        <source>Share only what you are comfortable sharing. Listening is taking part too.</source>
        <translation>Rhannwch yr hyn rydych chi&apos;n gyfforddus yn ei rannu, a dim mwy. Mae gwrando hefyd yn ffordd o gymryd rhan.</translation>
    </message>
    <message>
        <source>Take a few quiet minutes. What you think stays with you: nobody will ask you to share it.</source>
        <translation>Cymerwch ychydig funudau tawel. Mae&apos;r hyn rydych chi&apos;n ei feddwl yn aros gyda chi: fydd neb yn gofyn i chi ei rannu.</translation>
    </message>
    <message>
        <source>Video, %1 long</source>
        <translation>Fideo, %1 o hyd</translation>
    </message>
    <message>
        <source>Talk it over. There is no need to say your own answer out loud.</source>
        <translation>Trafodwch y peth. Does dim angen dweud eich ateb chi&apos;ch hun yn uchel.</translation>
    </message>
    <message>
        <source>Your trainer will ask for a show of hands. Joining in is up to you.</source>
        <translation>Bydd eich hyfforddwr yn gofyn i chi godi dwylo. Chi sy&apos;n penderfynu a ydych am ymuno.</translation>
    </message>
</context>
<context>
    <name>ProjectorWindow</name>
    <message>
        <source>TIP Kiosk: projector</source>
        <translation>Ciosg TIP: taflunydd</translation>
    </message>
</context>
<context>
    <name>RatingCard</name>
    <message>
        <source>%1 (%2 of 5)</source>
        <translation>%1 (%2 o 5)</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>Cytuno</translation>
    </message>
    <message>
        <source>Disagree</source>
        <translation>Anghytuno</translation>
    </message>
    <message>
        <source>Neither agree nor disagree</source>
        <translation>Ddim yn cytuno nac yn anghytuno</translation>
    </message>
    <message>
        <source>No thanks</source>
        <translation>Dim diolch</translation>
    </message>
    <message>
        <source>No thanks: do not rate the pathway</source>
        <translation>Dim diolch: peidio â rhoi sgôr i&apos;r llwybr</translation>
    </message>
    <message>
        <source>Save my answers</source>
        <translation>Cadw fy atebion</translation>
    </message>
    <message>
        <source>Strongly agree</source>
        <translation>Cytuno&apos;n gryf</translation>
    </message>
    <message>
        <source>Strongly disagree</source>
        <translation>Anghytuno&apos;n gryf</translation>
    </message>
    <message>
        <source>The pathway as a whole was engaging.</source>
        <translation>Roedd y llwybr drwyddo draw yn ennyn fy niddordeb.</translation>
    </message>
    <message>
        <source>Two questions about the whole pathway</source>
        <translation>Dau gwestiwn am y llwybr cyfan</translation>
    </message>
    <message>
        <source>What I learned applies to my role.</source>
        <translation>Mae&apos;r hyn a ddysgais yn berthnasol i&apos;m rôl.</translation>
    </message>
    <message>
        <source>Your answers are private: they are kept without your name or code, and only counts of everyone&apos;s answers are ever reported. Both questions are optional.</source>
        <translation>Mae eich atebion yn breifat: maen nhw&apos;n cael eu cadw heb eich enw na&apos;ch cod, a dim ond cyfansymiau atebion pawb sy&apos;n cael eu hadrodd. Mae&apos;r ddau gwestiwn yn ddewisol.</translation>
    </message>
</context>
<context>
    <name>ReflectionView</name>
    <message>
        <source>Only you can see this. It stays on this computer and is never sent anywhere. Writing something is up to you.</source>
        <translation>Dim ond chi sy&apos;n gallu gweld hwn. Mae&apos;n aros ar y cyfrifiadur hwn ac nid yw byth yn cael ei anfon i unman. Chi sy&apos;n penderfynu a ydych am ysgrifennu rhywbeth.</translation>
    </message>
    <message>
        <source>Your reflection</source>
        <translation>Eich myfyrdod</translation>
    </message>
    <message>
        <source>What you wrote here before can no longer be opened: it was locked with your old PIN, and a new PIN cannot open it. Nothing else is lost. You can write here again if you like.</source>
        <translation>Does dim modd agor yr hyn a ysgrifennoch chi yma o&apos;r blaen bellach: cafodd ei gloi gyda&apos;ch hen PIN, ac ni all PIN newydd ei agor. Does dim byd arall wedi&apos;i golli. Gallwch ysgrifennu yma eto os hoffech chi.</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <source>People who completed each module</source>
        <translation>Pobl a gwblhaodd bob modiwl</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Wedi&apos;u cwblhau</translation>
    </message>
    <message>
        <source>Completions each month</source>
        <translation>Modiwlau a gwblhawyd bob mis</translation>
    </message>
    <message>
        <source>Share rating the module 4 or 5 out of 5 (%)</source>
        <translation>Cyfran a roddodd 4 neu 5 allan o 5 i&apos;r modiwl (%)</translation>
    </message>
    <message>
        <source>Engaging</source>
        <translatorcomment>Review: the pilot&apos;s measure (&apos;engaging&apos;); &apos;Diddorol&apos; or &apos;Yn ennyn diddordeb&apos; - keep the same word as the survey labels.</translatorcomment>
        <translation>Diddorol</translation>
    </message>
    <message>
        <source>Applicable</source>
        <translation>Perthnasol</translation>
    </message>
    <message>
        <source>Average confidence, 1 to 5</source>
        <translation>Hyder cyfartalog, 1 i 5</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Ar y dechrau</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Ar y diwedd</translation>
    </message>
    <message>
        <source>not shown</source>
        <translation>heb ei ddangos</translation>
    </message>
    <message>
        <source>Average knowledge test score (%)</source>
        <translation>Sgôr cyfartalog y prawf gwybodaeth (%)</translation>
    </message>
    <message>
        <source>Share rating the programme 4 or 5 out of 5 (%)</source>
        <translation>Cyfran a roddodd 4 neu 5 allan o 5 i’r rhaglen (%)</translation>
    </message>
    <message>
        <source>Show of hands: share 4 or 5 out of 5 (%)</source>
        <translation>Codi dwylo: cyfran 4 neu 5 allan o 5 (%)</translation>
    </message>
</context>
<context>
    <name>ReportPdf</name>
    <message>
        <source>site report</source>
        <translation>adroddiad safle</translation>
    </message>
    <message>
        <source>Site report</source>
        <translation>Adroddiad safle</translation>
    </message>
    <message>
        <source>Figures for %1, made on %2. New learners that month: %3.</source>
        <translation>Ffigurau ar gyfer %1, wedi’u creu ar %2. Dysgwyr newydd y mis hwnnw: %3.</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>← &amp;Trainer home</source>
        <translation>← &amp;Hafan yr hyfforddwr</translation>
    </message>
    <message>
        <source>Preparing the report…</source>
        <translation>Wrthi&apos;n paratoi&apos;r adroddiad…</translation>
    </message>
    <message>
        <source>Report status</source>
        <translation>Statws yr adroddiad</translation>
    </message>
    <message>
        <source>Site report</source>
        <translation>Adroddiad safle</translation>
    </message>
    <message>
        <source>Counts under %1 people are hidden.</source>
        <translation>Mae niferoedd o dan %1 o bobl wedi&apos;u cuddio.</translation>
    </message>
    <message>
        <source>%1 · figures for %2 · made %3 · new learners that month: %4</source>
        <translation>%1 · ffigurau ar gyfer %2 · crëwyd %3 · dysgwyr newydd y mis hwnnw: %4</translation>
    </message>
    <message>
        <source>&amp;Month:</source>
        <translation>&amp;Mis:</translation>
    </message>
    <message>
        <source>Folder to save the report in</source>
        <translation>Ffolder i gadw’r adroddiad ynddo</translation>
    </message>
    <message>
        <source>Month the report shows</source>
        <translation>Y mis y mae’r adroddiad yn ei ddangos</translation>
    </message>
    <message>
        <source>Save &amp;in:</source>
        <translation>Cadw &amp;yn:</translation>
    </message>
    <message>
        <source>Save as &amp;CSV</source>
        <translation>Cadw fel &amp;CSV</translation>
    </message>
    <message>
        <source>Save as &amp;PDF</source>
        <translation>Cadw fel &amp;PDF</translation>
    </message>
    <message>
        <source>Saved as %1 in %2</source>
        <translation>Wedi’i gadw fel %1 yn %2</translation>
    </message>
    <message>
        <source>There is no folder to save reports in: plug in a USB drive, or ask IT to set one up (reports_folder).</source>
        <translation>Does dim ffolder i gadw adroddiadau ynddo: rhowch yriant USB i mewn, neu gofynnwch i TG osod un (reports_folder).</translation>
    </message>
</context>
<context>
    <name>RoomAnswerPanel</name>
    <message>
        <source>The room&apos;s answer</source>
        <translation>Ateb yr ystafell</translation>
    </message>
    <message>
        <source>Tick what the room settled on, and/or count a show of hands. No one&apos;s own answer is recorded.</source>
        <translation>Ticiwch yr hyn y cytunodd yr ystafell arno, a/neu cyfrwch y dwylo a godwyd. Does dim ateb unrhyw unigolyn yn cael ei gofnodi.</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>Wedi&apos;i ddewis</translation>
    </message>
    <message>
        <source>Hands</source>
        <translation>Dwylo</translation>
    </message>
    <message>
        <source>The room chose %1: %2</source>
        <translation>Dewisodd yr ystafell %1: %2</translation>
    </message>
    <message>
        <source>Hands for %1</source>
        <translation>Dwylo ar gyfer %1</translation>
    </message>
    <message>
        <source>Show of hands</source>
        <translation>Codi dwylo</translation>
    </message>
    <message>
        <source>For each question, how many hands for each point of the scale (1 is the lowest, 5 the highest)? Taking part is optional.</source>
        <translation>Ar gyfer pob cwestiwn, faint o ddwylo a godwyd ar gyfer pob pwynt ar y raddfa (1 yw&apos;r isaf, 5 yw&apos;r uchaf)? Mae cymryd rhan yn ddewisol.</translation>
    </message>
    <message>
        <source>%1: hands for %2</source>
        <translation>%1: dwylo ar gyfer %2</translation>
    </message>
</context>
<context>
    <name>RouteCard</name>
    <message>
        <source>%1 of %2 modules completed</source>
        <translation>%1 o %2 modiwl wedi&apos;u cwblhau</translation>
    </message>
    <message>
        <source>C&amp;hange pathway</source>
        <translation>Newid y &amp;llwybr</translation>
    </message>
    <message>
        <source>Change pathway (now: %1)</source>
        <translation>Newid y llwybr (nawr: %1)</translation>
    </message>
    <message>
        <source>Start with %1: the modules of your role come after it.</source>
        <translation>Dechreuwch gyda %1: mae modiwlau eich rôl yn dod ar ei ôl.</translation>
    </message>
    <message>
        <source>You have completed this pathway. Your programme certificate is in My progress.</source>
        <translation>Rydych chi wedi cwblhau&apos;r llwybr hwn. Mae tystysgrif eich rhaglen yn Fy nghynnydd.</translation>
    </message>
    <message>
        <source>Your pathway: %1</source>
        <translation>Eich llwybr: %1</translation>
    </message>
</context>
<context>
    <name>ScenarioView</name>
    <message>
        <source>Short video, %1 long</source>
        <translation>Fideo byr, %1 o hyd</translation>
    </message>
    <message>
        <source>Transcript of the video</source>
        <translation>Trawsgrifiad y fideo</translation>
    </message>
    <message>
        <source>How it turned out</source>
        <translation>Sut aeth pethau</translation>
    </message>
    <message>
        <source>What would you do?</source>
        <translation>Beth fyddech chi&apos;n ei wneud?</translation>
    </message>
    <message>
        <source>Choose one. Every choice is explained, and you can start again at the end to try another way.</source>
        <translation>Dewiswch un. Mae pob dewis yn cael ei esbonio, a gallwch ddechrau eto ar y diwedd i roi cynnig ar ffordd arall.</translation>
    </message>
    <message>
        <source>&amp;Continue the scenario</source>
        <translation>&amp;Parhau â&apos;r senario</translation>
    </message>
    <message>
        <source>You chose: %1</source>
        <translation>Eich dewis: %1</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Beth sy&apos;n digwydd</translation>
    </message>
    <message>
        <source>%1. You chose: %2</source>
        <translation>%1. Eich dewis: %2</translation>
    </message>
    <message>
        <source>What happened: %1</source>
        <translation>Beth ddigwyddodd: %1</translation>
    </message>
    <message>
        <source>The path you took</source>
        <translation>Y llwybr a gymeroch chi</translation>
    </message>
    <message>
        <source>This is the end of the scenario. You can start again to see where other choices lead, or move on with Next.</source>
        <translation>Dyma ddiwedd y senario. Gallwch ddechrau eto i weld i ble mae dewisiadau eraill yn arwain, neu symud ymlaen gyda Nesaf.</translation>
    </message>
    <message>
        <source>&amp;Start the scenario again</source>
        <translation>&amp;Dechrau&apos;r senario eto</translation>
    </message>
</context>
<context>
    <name>SelfAssessmentView</name>
    <message>
        <source>Now that you have worked through the module, how confident do you feel about each of these? Answer as you feel now; there is no need to remember what you said at the start. My progress shows how your answers compare.</source>
        <translation>Nawr eich bod wedi gweithio drwy&apos;r modiwl, pa mor hyderus ydych chi&apos;n teimlo am bob un o&apos;r rhain? Atebwch fel rydych chi&apos;n teimlo nawr; does dim angen cofio beth ddywedoch chi ar y dechrau. Mae Fy nghynnydd yn dangos sut mae eich atebion yn cymharu.</translation>
    </message>
    <message>
        <source>How confident do you feel about each of these right now? You&apos;ll be asked the same questions at the end of the module, so you can see what has changed.</source>
        <translation>Pa mor hyderus ydych chi&apos;n teimlo am bob un o&apos;r rhain ar hyn o bryd? Byddwn ni&apos;n gofyn yr un cwestiynau i chi ar ddiwedd y modiwl, er mwyn i chi weld beth sydd wedi newid.</translation>
    </message>
    <message>
        <source>There are no right or wrong answers, and every question is optional. Your ratings are used without your name, to see how the programme helps people.</source>
        <translation>Does dim atebion cywir nac anghywir, ac mae pob cwestiwn yn ddewisol. Caiff eich sgoriau eu defnyddio heb eich enw, i weld sut mae&apos;r rhaglen yn helpu pobl.</translation>
    </message>
    <message>
        <source>%1 (%2 of 5)</source>
        <translation>%1 (%2 o 5)</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Text size</source>
        <translation>Maint testun</translation>
    </message>
    <message>
        <source>Standard (%1%)</source>
        <translation>Safonol (%1%)</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Text size %1 percent</source>
        <translation>Maint testun %1 y cant</translation>
    </message>
    <message>
        <source>&amp;High contrast (light text on a black background)</source>
        <translation>&amp;Cyferbyniad uchel (testun golau ar gefndir du)</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Cyferbyniad uchel</translation>
    </message>
    <message>
        <source>&amp;Reduce motion (nothing on screen moves by itself)</source>
        <translation>&amp;Lleihau symudiad (does dim byd ar y sgrin yn symud ohono&apos;i hun)</translation>
    </message>
    <message>
        <source>Reduce motion</source>
        <translation>Lleihau symudiad</translation>
    </message>
    <message>
        <source>Do&amp;ne</source>
        <translation>&amp;Gorffen</translation>
    </message>
    <message>
        <source>Display settings</source>
        <translation>Gosodiadau arddangos</translation>
    </message>
    <message>
        <source>Changes show straight away. They are kept for you and come back when you sign in again; they don&apos;t change anything for anyone else.</source>
        <translation>Mae newidiadau&apos;n ymddangos ar unwaith. Maen nhw&apos;n cael eu cadw i chi ac yn dod yn ôl pan fyddwch chi&apos;n mewngofnodi eto; dydyn nhw ddim yn newid unrhyw beth i neb arall.</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>TIP Kiosk</source>
        <translatorcomment>Review: the product name; a Welsh speaker should confirm &apos;Ciosg TIP&apos; (or keep &apos;TIP Kiosk&apos;).</translatorcomment>
        <translation>Ciosg TIP</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Learner &amp;code</source>
        <translation>Cod &amp;dysgwr</translation>
    </message>
    <message>
        <source>&amp;PIN</source>
        <translation>&amp;PIN</translation>
    </message>
    <message>
        <source>PIN &amp;again</source>
        <translation>PIN &amp;eto</translation>
    </message>
    <message>
        <source>First &amp;name (optional)</source>
        <translation>Enw &amp;cyntaf (dewisol)</translation>
    </message>
    <message>
        <source>TIP Kiosk</source>
        <translatorcomment>Review: the product name; a Welsh speaker should confirm &apos;Ciosg TIP&apos; (or keep &apos;TIP Kiosk&apos;).</translatorcomment>
        <translation>Ciosg TIP</translation>
    </message>
    <message>
        <source>Welcome. Sign in to carry on where you left off. Take all the time you need.</source>
        <translation>Croeso. Mewngofnodwch i barhau o&apos;r lle y gwnaethoch chi adael. Cymerwch yr holl amser sydd ei angen arnoch chi.</translation>
    </message>
    <message>
        <source>Your learner code is kept only in a scrambled form. What you write stays on this computer and only you can see it. Records of your progress, without your name or anything you wrote, may be sent to your organisation.</source>
        <translatorcomment>Review: a privacy statement: a Welsh speaker should check it says exactly what the English says.</translatorcomment>
        <translation>Dim ond ar ffurf wedi&apos;i sgramblo y caiff eich cod dysgwr ei gadw. Mae&apos;r hyn rydych chi&apos;n ei ysgrifennu yn aros ar y cyfrifiadur hwn a dim ond chi sy&apos;n gallu ei weld. Gall cofnodion o&apos;ch cynnydd, heb eich enw nac unrhyw beth a ysgrifennoch chi, gael eu hanfon at eich sefydliad.</translation>
    </message>
    <message>
        <source>Learner code</source>
        <translation>Cod dysgwr</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Mewngofnodi</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Mewngofnodi</translation>
    </message>
    <message>
        <source>First time here? &amp;Register</source>
        <translation>Y tro cyntaf yma? &amp;Cofrestru</translation>
    </message>
    <message>
        <source>First time here? Register</source>
        <translation>Y tro cyntaf yma? Cofrestru</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>Creu eich cyfrif</translation>
    </message>
    <message>
        <source>Learner code for the new account</source>
        <translation>Cod dysgwr ar gyfer y cyfrif newydd</translation>
    </message>
    <message>
        <source>Choose a PIN</source>
        <translation>Dewiswch PIN</translation>
    </message>
    <message>
        <source>Type the PIN again</source>
        <translation>Teipiwch y PIN eto</translation>
    </message>
    <message>
        <source>First name (optional)</source>
        <translation>Enw cyntaf (dewisol)</translation>
    </message>
    <message>
        <source>&amp;Create my account</source>
        <translation>C&amp;reu fy nghyfrif</translation>
    </message>
    <message>
        <source>Create my account</source>
        <translation>Creu fy nghyfrif</translation>
    </message>
    <message>
        <source>&amp;Back to sign in</source>
        <translation>Yn ôl i &amp;fewngofnodi</translation>
    </message>
    <message>
        <source>Back to sign in</source>
        <translation>Yn ôl i fewngofnodi</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Iaith:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Iaith</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Neges mewngofnodi</translation>
    </message>
    <message>
        <source>Registration message</source>
        <translation>Neges cofrestru</translation>
    </message>
    <message>
        <source>Please type your learner code and your PIN.</source>
        <translation>Teipiwch eich cod dysgwr a&apos;ch PIN.</translation>
    </message>
    <message>
        <source>The two PINs are different. Please type them again.</source>
        <translation>Mae&apos;r ddau PIN yn wahanol. Teipiwch nhw eto.</translation>
    </message>
    <message>
        <source>Choose a &amp;PIN (%1 to %2 digits)</source>
        <translation>Dewiswch &amp;PIN (%1 i %2 digid)</translation>
    </message>
    <message>
        <source>Did a trainer give you a one-time code? Type it in the PIN box. Trainers type their passphrase there.</source>
        <translation>A roddodd hyfforddwr god untro i chi? Teipiwch ef yn y blwch PIN. Mae hyfforddwyr yn teipio eu cyfrinymadrodd yno.</translation>
    </message>
    <message>
        <source>Use your staff number or the learner code your trainer gave you. Choose a PIN others could not guess: not 123456, 111111, a year or part of your code. Your first name is only used to greet you.</source>
        <translation>Defnyddiwch eich rhif staff neu&apos;r cod dysgwr a gawsoch chi gan eich hyfforddwr. Dewiswch PIN na allai eraill ei ddyfalu: nid 123456, 111111, blwyddyn na rhan o&apos;ch cod. Dim ond i&apos;ch cyfarch y defnyddir eich enw cyntaf.</translation>
    </message>
    <message>
        <source>Choose your PIN</source>
        <translation>Dewiswch eich PIN</translation>
    </message>
    <message>
        <source>Your trainer made this account for you. Choose a PIN that others could not guess (not 123456, 111111, a year or part of your code): you will sign in with it from now on.</source>
        <translation>Gwnaeth eich hyfforddwr y cyfrif hwn i chi. Dewiswch PIN na allai eraill ei ddyfalu (nid 123456, 111111, blwyddyn na rhan o&apos;ch cod): byddwch chi&apos;n mewngofnodi gydag ef o hyn ymlaen.</translation>
    </message>
    <message>
        <source>&amp;Save my PIN</source>
        <translation>&amp;Cadw fy PIN</translation>
    </message>
    <message>
        <source>Save my PIN</source>
        <translation>Cadw fy PIN</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>C&amp;anslo</translation>
    </message>
    <message>
        <source>Cancel and go back to sign in</source>
        <translation>Canslo a mynd yn ôl i fewngofnodi</translation>
    </message>
    <message>
        <source>PIN message</source>
        <translation>Neges PIN</translation>
    </message>
</context>
<context>
    <name>SupportScreen</name>
    <message>
        <source>&amp;Back to where I was</source>
        <translation>&amp;Yn ôl i ble roeddwn i</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Cymorth</translation>
    </message>
    <message>
        <source>It&apos;s fine to stop here. If this topic has brought something up for you, these people are there to help. Your place is saved.</source>
        <translation>Mae&apos;n iawn stopio yma. Os yw&apos;r pwnc hwn wedi codi rhywbeth i chi, mae&apos;r bobl hyn yno i helpu. Mae eich lle wedi&apos;i gadw.</translation>
    </message>
</context>
<context>
    <name>SurveyView</name>
    <message>
        <source>Your earlier comment here can no longer be opened: it was locked with your old PIN. You can write it again if you like.</source>
        <translation>Does dim modd agor eich sylw blaenorol yma bellach: cafodd ei gloi gyda&apos;ch hen PIN. Gallwch ei ysgrifennu eto os hoffech chi.</translation>
    </message>
    <message>
        <source>Every question is optional.</source>
        <translation>Mae pob cwestiwn yn ddewisol.</translation>
    </message>
    <message>
        <source>%1 (%2 of 5)</source>
        <translation>%1 (%2 o 5)</translation>
    </message>
    <message>
        <source>Optional. Your comment stays on this computer.</source>
        <translation>Dewisol. Mae eich sylw&apos;n aros ar y cyfrifiadur hwn.</translation>
    </message>
    <message>
        <source>Your comment (optional)</source>
        <translation>Eich sylw (dewisol)</translation>
    </message>
</context>
<context>
    <name>SyncStatusPanel</name>
    <message>
        <source>Record sending status</source>
        <translation>Statws anfon cofnodion</translation>
    </message>
    <message>
        <source>Records: not checked yet</source>
        <translation>Cofnodion: heb eu gwirio eto</translation>
    </message>
    <message>
        <source>Send &amp;now</source>
        <translation>Anfon &amp;nawr</translation>
    </message>
    <message>
        <source>Send waiting records now</source>
        <translation>Anfon y cofnodion sy&apos;n aros nawr</translation>
    </message>
    <message>
        <source>Send waiting records to the organisation now</source>
        <translation>Anfon y cofnodion sy&apos;n aros at y sefydliad nawr</translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <source>Records waiting to be sent</source>
        <translation>Cofnodion sy&apos;n aros i gael eu hanfon</translation>
    </message>
    <message>
        <source>&amp;Send now (retry the queue)</source>
        <translation>Anfon &amp;nawr (rhoi cynnig arall ar y ciw)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Adnewyddu</translation>
    </message>
    <message>
        <source>Sending records is not set up on this kiosk.</source>
        <translation>Dydy anfon cofnodion ddim wedi&apos;i osod ar y ciosg hwn.</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Cysoni</translation>
    </message>
    <message>
        <source>The record queue is not set up on this kiosk.</source>
        <translation>Dydy&apos;r ciw cofnodion ddim wedi&apos;i osod ar y ciosg hwn.</translation>
    </message>
    <message>
        <source>Sending has started. Press Refresh to see the queue.</source>
        <translation>Mae&apos;r anfon wedi dechrau. Pwyswch Adnewyddu i weld y ciw.</translation>
    </message>
</context>
<context>
    <name>TrainerHomeScreen</name>
    <message>
        <source>Hello, %1.</source>
        <translation>Helo, %1.</translation>
    </message>
    <message>
        <source>Hello.</source>
        <translation>Helo.</translation>
    </message>
    <message>
        <source>Trainer home · %1</source>
        <translation>Hafan yr hyfforddwr · %1</translation>
    </message>
    <message>
        <source>View site &amp;reports</source>
        <translation>&amp;Gweld adroddiadau&apos;r safle</translation>
    </message>
    <message>
        <source>Sync status: %1</source>
        <translation>Statws cysoni: %1</translation>
    </message>
    <message>
        <source>Site reports</source>
        <translation>Adroddiadau&apos;r safle</translation>
    </message>
    <message>
        <source>Completions, feedback and confidence for this site, with charts. Small numbers are hidden.</source>
        <translation>Modiwlau a gwblhawyd, adborth a hyder ar gyfer y safle hwn, gyda siartiau. Mae niferoedd bach wedi&apos;u cuddio.</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Statws cysoni</translation>
    </message>
    <message>
        <source>Start a group session</source>
        <translation>Dechrau sesiwn grŵp</translation>
    </message>
    <message>
        <source>Choose a module to present. If a second display (a projector) is connected, the module appears there and your controls stay here.</source>
        <translation>Dewiswch fodiwl i&apos;w gyflwyno. Os oes ail sgrin (taflunydd) wedi&apos;i chysylltu, bydd y modiwl yn ymddangos yno a bydd eich rheolyddion yn aros yma.</translation>
    </message>
    <message>
        <source>Trainer home</source>
        <translation>Hafan yr hyfforddwr</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>cam %1 o %2</translation>
    </message>
    <message>
        <source>&amp;Resume the session</source>
        <translation>&amp;Parhau â&apos;r sesiwn</translation>
    </message>
    <message>
        <source>Resume the session: %1</source>
        <translation>Parhau â&apos;r sesiwn: %1</translation>
    </message>
    <message>
        <source>End it without credit…</source>
        <translation>Gorffen heb gredyd…</translation>
    </message>
    <message>
        <source>End the session without credit: %1</source>
        <translation>Gorffen y sesiwn heb gredyd: %1</translation>
    </message>
    <message>
        <source>A group session was interrupted</source>
        <translation>Cafodd sesiwn grŵp ei thorri ar draws</translation>
    </message>
    <message>
        <source>“%1”, started %2, stopped at %3. Everything up to then is saved, including attendance.</source>
        <translation>“%1”: dechreuodd ar %2 a stopiodd ar %3. Mae popeth hyd at hynny wedi&apos;i gadw, gan gynnwys presenoldeb.</translation>
    </message>
    <message>
        <source>Yes, end it: nobody gets credit</source>
        <translation>Ie, gorffen: fydd neb yn cael credyd</translation>
    </message>
    <message>
        <source>About %1 minutes · %2 steps</source>
        <translation>Tua %1 munud · %2 cam</translation>
    </message>
    <message>
        <source>Present to a group</source>
        <translation>Cyflwyno i grŵp</translation>
    </message>
    <message>
        <source>Present to a group: %1</source>
        <translation>Cyflwyno i grŵp: %1</translation>
    </message>
    <message>
        <source>Sync is not set up on this kiosk.</source>
        <translation>Dydy cysoni ddim wedi&apos;i osod ar y ciosg hwn.</translation>
    </message>
    <message>
        <source>The sync status cannot be read right now.</source>
        <translation>Does dim modd darllen y statws cysoni ar hyn o bryd.</translation>
    </message>
</context>
<context>
    <name>TrainersTab</name>
    <message>
        <source>Trainer&apos;s learner code</source>
        <translation>Cod dysgwr yr hyfforddwr</translation>
    </message>
    <message>
        <source>Trainer&apos;s passphrase</source>
        <translation>Cyfrinymadrodd yr hyfforddwr</translation>
    </message>
    <message>
        <source>Trainer&apos;s passphrase again</source>
        <translation>Cyfrinymadrodd yr hyfforddwr eto</translation>
    </message>
    <message>
        <source>Create &amp;trainer account</source>
        <translation>Creu cyfrif &amp;hyfforddwr</translation>
    </message>
    <message>
        <source>Trainer account message</source>
        <translation>Neges cyfrif hyfforddwr</translation>
    </message>
    <message>
        <source>A trainer signs in like a learner, with this code and a passphrase (a few words or a long number, typed where learners type their PIN), and can lead group sessions and see site reports.</source>
        <translation>Mae hyfforddwr yn mewngofnodi fel dysgwr, gyda&apos;r cod hwn a chyfrinymadrodd (ychydig eiriau neu rif hir, wedi&apos;i deipio lle mae dysgwyr yn teipio eu PIN), ac yn gallu arwain sesiynau grŵp a gweld adroddiadau&apos;r safle.</translation>
    </message>
    <message>
        <source>Trainers</source>
        <translation>Hyfforddwyr</translation>
    </message>
    <message>
        <source>Learner &amp;code</source>
        <translation>Cod &amp;dysgwr</translation>
    </message>
    <message>
        <source>&amp;Passphrase (10 or more characters)</source>
        <translation>C&amp;yfrinymadrodd (10 nod neu fwy)</translation>
    </message>
    <message>
        <source>Passphrase &amp;again</source>
        <translation>Cyfrinymadrodd &amp;eto</translation>
    </message>
    <message>
        <source>The two passphrases are different. Please type them again.</source>
        <translation>Mae&apos;r ddau gyfrinymadrodd yn wahanol. Teipiwch nhw eto.</translation>
    </message>
    <message>
        <source>The trainer account was created.</source>
        <translation>Mae cyfrif yr hyfforddwr wedi&apos;i greu.</translation>
    </message>
</context>
<context>
    <name>TranscriptPanel</name>
    <message>
        <source>Transcript: choose a line to go to that moment</source>
        <translation>Trawsgrifiad: dewiswch linell i fynd i&apos;r eiliad honno yn y fideo</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>Mynd i %1</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Trawsgrifiad</translation>
    </message>
    <message>
        <source>Press Enter on a line, or click it, to go there.</source>
        <translation>Pwyswch Enter ar linell, neu cliciwch arni, i fynd yno.</translation>
    </message>
    <message>
        <source>There is no transcript for this video.</source>
        <translation>Does dim trawsgrifiad ar gyfer y fideo hwn.</translation>
    </message>
</context>
<context>
    <name>TranscriptReader</name>
    <message>
        <source>There is no transcript for this video.</source>
        <translation>Does dim trawsgrifiad ar gyfer y fideo hwn.</translation>
    </message>
    <message>
        <source>Transcript of %1</source>
        <translation>Trawsgrifiad: %1</translation>
    </message>
</context>
<context>
    <name>VideoView</name>
    <message>
        <source>Read the &amp;transcript instead</source>
        <translation>Darllen y &amp;trawsgrifiad yn lle hynny</translation>
    </message>
    <message>
        <source>This video can&apos;t play on this computer right now</source>
        <translation>Does dim modd chwarae&apos;r fideo hwn ar y cyfrifiadur hwn ar hyn o bryd</translation>
    </message>
    <message>
        <source>This is a problem with this computer, not with anything you did. Everything the video says is in the transcript below.</source>
        <translation>Problem gyda&apos;r cyfrifiadur hwn yw hon, nid gydag unrhyw beth a wnaethoch chi. Mae popeth sy&apos;n cael ei ddweud yn y fideo yn y trawsgrifiad isod.</translation>
    </message>
    <message>
        <source>I&apos;ve &amp;read the transcript</source>
        <translation>Rydw i wedi &amp;darllen y trawsgrifiad</translation>
    </message>
    <message>
        <source>&amp;Back to the video</source>
        <translation>Yn ôl at y f&amp;ideo</translation>
    </message>
    <message>
        <source>For IT: %1</source>
        <translation>I&apos;r adran TG: %1</translation>
    </message>
    <message>
        <source>Done. You can watch or read it again whenever you like.</source>
        <translation>Wedi&apos;i wneud. Gallwch ei wylio neu ei ddarllen eto pryd bynnag y mynnwch.</translation>
    </message>
    <message>
        <source>You&apos;ve reached the end. Go on with Next whenever you&apos;re ready.</source>
        <translation>Rydych chi wedi cyrraedd y diwedd. Ewch ymlaen gyda Nesaf pan fyddwch chi&apos;n barod.</translation>
    </message>
    <message>
        <source>This step is done once you have watched most of the video. You can pause, go back and come back later: your place is kept.</source>
        <translation>Bydd y cam hwn wedi&apos;i wneud pan fyddwch chi wedi gwylio&apos;r rhan fwyaf o&apos;r fideo. Gallwch oedi, mynd yn ôl a dod yn ôl yn nes ymlaen: caiff eich lle ei gadw.</translation>
    </message>
    <message>
        <source>Done. Thank you for reading.</source>
        <translation>Wedi&apos;i wneud. Diolch am ddarllen.</translation>
    </message>
    <message>
        <source>Reading the transcript counts the same as watching the video.</source>
        <translation>Mae darllen y trawsgrifiad yn cyfrif yr un fath â gwylio&apos;r fideo.</translation>
    </message>
    <message>
        <source>Reading the transcript is welcome. This step is done once the video has been watched; you can come back to it at any time.</source>
        <translation>Mae croeso i chi ddarllen y trawsgrifiad. Bydd y cam hwn wedi&apos;i wneud pan fydd y fideo wedi&apos;i wylio; gallwch ddod yn ôl ato unrhyw bryd.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>TIP Kiosk cannot start</source>
        <translation>Does dim modd cychwyn Ciosg TIP</translation>
    </message>
    <message>
        <source>TIP Kiosk cannot start on this computer.</source>
        <translation>Does dim modd cychwyn Ciosg TIP ar y cyfrifiadur hwn.</translation>
    </message>
    <message>
        <source>Please tell IT. No learner&apos;s progress has been lost.</source>
        <translation>Rhowch wybod i&apos;r adran TG. Does dim cynnydd unrhyw ddysgwr wedi&apos;i golli.</translation>
    </message>
</context>
<context>
    <name>certificate</name>
    <message>
        <source>Certificate of completion: %1</source>
        <translation>Tystysgrif cwblhau: %1</translation>
    </message>
    <message>
        <source>The certificate could not be saved to %1. Try another place, such as a USB stick, or ask a trainer.</source>
        <translation>Doedd dim modd cadw&apos;r dystysgrif yn %1. Rhowch gynnig ar le arall, fel cof bach USB, neu gofynnwch i hyfforddwr.</translation>
    </message>
    <message>
        <source>The certificate could not be saved (%1). Try another place, or ask a trainer.</source>
        <translation>Doedd dim modd cadw&apos;r dystysgrif (%1). Rhowch gynnig ar le arall, neu gofynnwch i hyfforddwr.</translation>
    </message>
    <message>
        <source>Certificate of completion</source>
        <translation>Tystysgrif cwblhau</translation>
    </message>
    <message>
        <source>This is to certify that</source>
        <translation>Mae hyn i dystio bod</translation>
    </message>
    <message>
        <source>has completed the module</source>
        <translation>wedi cwblhau&apos;r modiwl</translation>
    </message>
    <message>
        <source>This certificate records that the module</source>
        <translation>Mae&apos;r dystysgrif hon yn cofnodi bod y modiwl</translation>
    </message>
    <message>
        <source>has been completed</source>
        <translation>wedi&apos;i gwblhau</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>ar %1</translation>
    </message>
    <message>
        <source>Verification code: %1</source>
        <translation>Cod dilysu: %1</translation>
    </message>
    <message>
        <source>Module version %1. The code identifies this completion record on the computer where it was completed, without identifying the person. A trainer can check it there with &apos;tip-kiosk certificate verify&apos;.</source>
        <translation>Fersiwn %1 o&apos;r modiwl. Mae&apos;r cod yn dynodi&apos;r cofnod cwblhau hwn ar y cyfrifiadur lle cafodd ei gwblhau, heb ddynodi&apos;r unigolyn. Gall hyfforddwr ei wirio yno gyda &apos;tip-kiosk certificate verify&apos;.</translation>
    </message>
    <message>
        <source>%1 level</source>
        <translation>Lefel %1</translation>
    </message>
    <message>
        <source>Every module of this pathway was completed. The code identifies this completion record on the computer where it was completed, without identifying the person. A trainer can check it there with &apos;tip-kiosk certificate verify&apos;.</source>
        <translation>Cafodd pob modiwl yn y llwybr hwn ei gwblhau. Mae&apos;r cod yn dynodi&apos;r cofnod cwblhau hwn ar y cyfrifiadur lle cafodd ei gwblhau, heb ddynodi&apos;r unigolyn. Gall hyfforddwr ei wirio yno gyda &apos;tip-kiosk certificate verify&apos;.</translation>
    </message>
    <message>
        <source>This certificate records that the pathway</source>
        <translation>Mae&apos;r dystysgrif hon yn cofnodi bod y llwybr</translation>
    </message>
    <message>
        <source>has completed the pathway</source>
        <translation>wedi cwblhau&apos;r llwybr</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>A learner code has 3 to 32 letters or numbers. Check it and try again.</source>
        <translation>Mae gan god dysgwr rhwng 3 a 32 o lythrennau neu rifau. Gwiriwch ef a rhowch gynnig arall arni.</translation>
    </message>
    <message>
        <source>No learner account on this computer has that learner code.</source>
        <translation>Does dim cyfrif dysgwr ar y cyfrifiadur hwn gyda&apos;r cod dysgwr hwnnw.</translation>
    </message>
    <message>
        <source>No account on this computer has that learner code.</source>
        <translation>Does dim cyfrif ar y cyfrifiadur hwn gyda&apos;r cod dysgwr hwnnw.</translation>
    </message>
    <message>
        <source>This learner code already has an account here: please type your PIN too.</source>
        <translation>Mae gan y cod dysgwr hwn gyfrif yma yn barod: teipiwch eich PIN hefyd, os gwelwch yn dda.</translation>
    </message>
    <message>
        <source>This change could not be saved because the computer&apos;s disk is full. Everything saved before it is safe. Please tell a trainer or IT.</source>
        <translation>Doedd dim modd cadw&apos;r newid hwn gan fod disg y cyfrifiadur yn llawn. Mae popeth a gadwyd cyn hynny&apos;n ddiogel. Rhowch wybod i hyfforddwr neu i&apos;r adran TG.</translation>
    </message>
    <message>
        <source>This change could not be saved because the learner data folder cannot be written. Everything saved before it is safe. Please tell a trainer or IT.</source>
        <translation>Doedd dim modd cadw&apos;r newid hwn gan nad oes modd ysgrifennu i ffolder data&apos;r dysgwyr. Mae popeth a gadwyd cyn hynny&apos;n ddiogel. Rhowch wybod i hyfforddwr neu i&apos;r adran TG.</translation>
    </message>
    <message>
        <source>This change could not be saved because another program is using the learner database. Everything saved before it is safe. Please tell a trainer or IT.</source>
        <translation>Doedd dim modd cadw&apos;r newid hwn gan fod rhaglen arall yn defnyddio cronfa ddata&apos;r dysgwyr. Mae popeth a gadwyd cyn hynny&apos;n ddiogel. Rhowch wybod i hyfforddwr neu i&apos;r adran TG.</translation>
    </message>
    <message>
        <source>This change could not be saved because the learner database reported: {detail}. Everything saved before it is safe. Please tell a trainer or IT.</source>
        <translation>Doedd dim modd cadw&apos;r newid hwn, oherwydd dyma a ddywedodd cronfa ddata&apos;r dysgwyr: {detail}. Mae popeth a gadwyd cyn hynny&apos;n ddiogel. Rhowch wybod i hyfforddwr neu i&apos;r adran TG.</translation>
    </message>
    <message>
        <source>That learner code already has an account on this computer. Sign in with your PIN, or with the one-time code a trainer gave you. If you have forgotten your PIN, a trainer can help.</source>
        <translation>Mae gan y cod dysgwr hwnnw gyfrif ar y cyfrifiadur hwn yn barod. Mewngofnodwch gyda&apos;ch PIN, neu gyda&apos;r cod untro a gawsoch chi gan hyfforddwr. Os ydych chi wedi anghofio eich PIN, gall hyfforddwr helpu.</translation>
    </message>
    <message>
        <source>That learner code and PIN don&apos;t match an account on this computer. Check them and try again. First time here? Register. If you have forgotten your PIN, a trainer can help.</source>
        <translation>Dydy&apos;r cod dysgwr a&apos;r PIN hynny ddim yn cyfateb i gyfrif ar y cyfrifiadur hwn. Gwiriwch nhw a rhowch gynnig arall arni. Y tro cyntaf yma? Cofrestrwch. Os ydych chi wedi anghofio eich PIN, gall hyfforddwr helpu.</translation>
    </message>
    <message>
        <source>Welcome. Your trainer made this account for you. Please choose your PIN now: you will use it to sign in from now on.</source>
        <translation>Croeso. Gwnaeth eich hyfforddwr y cyfrif hwn i chi. Dewiswch eich PIN nawr: byddwch chi&apos;n ei ddefnyddio i fewngofnodi o hyn ymlaen.</translation>
    </message>
    <message>
        <source>A one-time code is only for an account made at a group session that has no PIN yet. This one has a PIN: if it is forgotten, a trainer can help.</source>
        <translation>Dim ond ar gyfer cyfrif a wnaed mewn sesiwn grŵp heb PIN eto y mae cod untro. Mae gan hwn PIN: os yw wedi&apos;i anghofio, gall hyfforddwr helpu.</translation>
    </message>
    <message>
        <source>That one-time code has expired or has already been used. Please ask your trainer for a new one.</source>
        <translation>Mae&apos;r cod untro hwnnw wedi dod i ben neu wedi&apos;i ddefnyddio&apos;n barod. Gofynnwch i&apos;ch hyfforddwr am un newydd.</translation>
    </message>
    <message>
        <source>A PIN is {low} to {high} digits.</source>
        <translation>Mae PIN yn {low} i {high} digid.</translation>
    </message>
    <message>
        <source>That PIN would be easy for someone else to guess (like 123456, 111111, a year or part of your learner code). Please choose another.</source>
        <translation>Byddai&apos;n hawdd i rywun arall ddyfalu&apos;r PIN hwnnw (fel 123456, 111111, blwyddyn neu ran o&apos;ch cod dysgwr). Dewiswch un arall.</translation>
    </message>
    <message>
        <source>A trainer&apos;s passphrase is {low} to {high} characters: a few words, or a long number, that others cannot guess.</source>
        <translation>Mae cyfrinymadrodd hyfforddwr yn {low} i {high} nod: ychydig eiriau, neu rif hir, na all eraill eu dyfalu.</translation>
    </message>
    <message>
        <source>That passphrase would be easy for someone else to guess (too few different characters, or it holds the learner code). Please choose another.</source>
        <translation>Byddai&apos;n hawdd i rywun arall ddyfalu&apos;r cyfrinymadrodd hwnnw (rhy ychydig o nodau gwahanol, neu mae&apos;n cynnwys y cod dysgwr). Dewiswch un arall.</translation>
    </message>
    <message>
        <source>Sign-in with this learner code is resting after several unsuccessful tries. You can try again in {count} seconds, or ask a trainer for help.</source>
        <translation>Mae mewngofnodi gyda&apos;r cod dysgwr hwn yn gorffwys ar ôl sawl cynnig aflwyddiannus. Gallwch roi cynnig arall arni ymhen {count} eiliad, neu ofyn i hyfforddwr am help.</translation>
    </message>
    <message>
        <source>Sign-in with this learner code is resting after several unsuccessful tries. You can try again in {count} minutes, or ask a trainer for help.</source>
        <translation>Mae mewngofnodi gyda&apos;r cod dysgwr hwn yn gorffwys ar ôl sawl cynnig aflwyddiannus. Gallwch roi cynnig arall arni ymhen {count} munud, neu ofyn i hyfforddwr am help.</translation>
    </message>
    <message>
        <source>Sign-in with this learner code is resting after several unsuccessful tries. You can try again in {count} hours, or ask a trainer for help.</source>
        <translation>Mae mewngofnodi gyda&apos;r cod dysgwr hwn yn gorffwys ar ôl sawl cynnig aflwyddiannus. Gallwch roi cynnig arall arni ymhen {count} awr, neu ofyn i hyfforddwr am help.</translation>
    </message>
    <message>
        <source>Sign-in on this computer is resting after many unsuccessful tries. You can try again in {count} seconds, or ask a trainer for help.</source>
        <translation>Mae mewngofnodi ar y cyfrifiadur hwn yn gorffwys ar ôl llawer o gynigion aflwyddiannus. Gallwch roi cynnig arall arni ymhen {count} eiliad, neu ofyn i hyfforddwr am help.</translation>
    </message>
    <message>
        <source>Sign-in on this computer is resting after many unsuccessful tries. You can try again in {count} minutes, or ask a trainer for help.</source>
        <translation>Mae mewngofnodi ar y cyfrifiadur hwn yn gorffwys ar ôl llawer o gynigion aflwyddiannus. Gallwch roi cynnig arall arni ymhen {count} munud, neu ofyn i hyfforddwr am help.</translation>
    </message>
    <message>
        <source>Sign-in on this computer is resting after many unsuccessful tries. You can try again in {count} hours, or ask a trainer for help.</source>
        <translation>Mae mewngofnodi ar y cyfrifiadur hwn yn gorffwys ar ôl llawer o gynigion aflwyddiannus. Gallwch roi cynnig arall arni ymhen {count} awr, neu ofyn i hyfforddwr am help.</translation>
    </message>
    <message>
        <source>Sending records has not started: please look in the log.</source>
        <translation>Dydy anfon cofnodion ddim wedi dechrau: edrychwch yn y log, os gwelwch yn dda.</translation>
    </message>
</context>
<context>
    <name>formats</name>
    <message>
        <source>never</source>
        <translation>erioed</translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation>Cysoni llwyddiannus diwethaf: %1</translation>
    </message>
    <message>
        <source>Records waiting to send: %1</source>
        <translation>Cofnodion sy&apos;n aros i gael eu hanfon: %1</translation>
    </message>
    <message>
        <source>Records set aside (not accepted): %1</source>
        <translation>Cofnodion wedi&apos;u rhoi o&apos;r neilltu (heb eu derbyn): %1</translation>
    </message>
    <message>
        <source>Unlinked records waiting to be mixed (sent after the day ends): %1</source>
        <translation>Cofnodion heb eu cysylltu yn aros i gael eu cymysgu (yn cael eu hanfon ar ôl i&apos;r diwrnod ddod i ben): %1</translation>
    </message>
    <message>
        <source>Last problem: %1</source>
        <translation>Problem ddiwethaf: %1</translation>
    </message>
    <message>
        <source>No time yet</source>
        <translation>Dim amser eto</translation>
    </message>
    <message>
        <source>Less than a minute</source>
        <translation>Llai na munud</translation>
    </message>
    <message>
        <source>About 1 minute</source>
        <translation>Tua munud</translation>
    </message>
    <message>
        <source>About %1 minutes</source>
        <translation>Tua %1 munud</translation>
    </message>
    <message>
        <source>About 1 hour</source>
        <translation>Tua awr</translation>
    </message>
    <message>
        <source>About %1 hours</source>
        <translation>Tua %1 awr</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 munud</translation>
    </message>
</context>
<context>
    <name>levels</name>
    <message>
        <source>Enhanced</source>
        <translatorcomment>Review: NES level name; a Welsh speaker should check it against the Welsh Trauma-Informed Wales framework&apos;s own terms.</translatorcomment>
        <translation>Uwch</translation>
    </message>
    <message>
        <source>Trauma Informed</source>
        <translatorcomment>Review: NES level name; a Welsh speaker should check it against the Welsh Trauma-Informed Wales framework&apos;s own terms.</translatorcomment>
        <translation>Ystyriol o Drawma</translation>
    </message>
    <message>
        <source>Trauma Skilled</source>
        <translatorcomment>Review: NES level name; a Welsh speaker should check it against the Welsh Trauma-Informed Wales framework&apos;s own terms.</translatorcomment>
        <translation>Medrus mewn Trawma</translation>
    </message>
    <message>
        <source>For everyone. What trauma is, how it can show up at work, and the principles that guide a trauma-informed service.</source>
        <translation>I bawb. Beth yw trawma, sut y gall ddangos ei hun yn y gwaith, a&apos;r egwyddorion sy&apos;n llywio gwasanaeth sy&apos;n ystyriol o drawma.</translation>
    </message>
    <message>
        <source>For leaders and specialists who shape how a team or service works: supervision, how the service feels to the people who use it, and looking after staff.</source>
        <translation>I arweinwyr ac arbenigwyr sy&apos;n llywio sut mae tîm neu wasanaeth yn gweithio: goruchwyliaeth, sut mae&apos;r gwasanaeth yn teimlo i&apos;r bobl sy&apos;n ei ddefnyddio, a gofalu am staff.</translation>
    </message>
    <message>
        <source>For people whose work brings them into direct contact with people who may have experienced trauma. Builds on the Trauma Informed core with skills for your role.</source>
        <translation>I bobl y mae eu gwaith yn dod â nhw i gysylltiad uniongyrchol â phobl a allai fod wedi profi trawma. Mae&apos;n adeiladu ar graidd Ystyriol o Drawma gyda sgiliau ar gyfer eich rôl.</translation>
    </message>
</context>
</TS>

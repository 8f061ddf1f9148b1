"""Name pools for the synthetic person lists: each name in Arabic with the Latin and Cyrillic renderings
found in practice (English, French and Levantine spellings; Russian practice for Cyrillic).

One line per name: ``arabic|latin, latin, ...|cyrillic, cyrillic, ...``. The pools are ordered from the
most common name down; the generator draws them with a Zipf-like weight so that "Mohammed" is frequent.
"""

from __future__ import annotations

GIVEN = """
محمد|Mohammed, Muhammad, Mohamad, Mohamed, Mohammad, Muhammed|Мухаммед, Мохаммед, Мухаммад
أحمد|Ahmad, Ahmed, Ahmet|Ахмад, Ахмед
علي|Ali, Aly|Али
محمود|Mahmoud, Mahmud, Mahmood|Махмуд
عبد الرحمن|Abdulrahman, Abd al-Rahman, Abdel Rahman, Abdurrahman, Abdelrahman|Абдуррахман, Абдель Рахман
خالد|Khaled, Khalid, Khaleed|Халид, Халед
حسن|Hassan, Hasan|Хасан, Гасан
حسين|Hussein, Husayn, Hussain, Houssein|Хусейн, Хусейн
عمر|Omar, Umar, Omer|Омар, Умар
مصطفى|Mustafa, Moustafa, Mostafa|Мустафа
يوسف|Yousef, Youssef, Yusuf, Yousif|Юсуф, Юсеф
إبراهيم|Ibrahim, Ibraheem, Ebrahim|Ибрагим, Ибрахим
عبد الله|Abdullah, Abdallah, Abd Allah, Abdulla|Абдулла, Абдалла
عبد العزيز|Abdulaziz, Abd al-Aziz, Abdel Aziz, Abdelaziz|Абдель Азиз, Абдулазиз
سعيد|Said, Saeed, Sa'id|Саид
وليد|Walid, Waleed, Oualid|Валид, Уалид
مروان|Marwan, Merwan|Марван
فادي|Fadi, Fady|Фади
سامر|Samer, Samir|Самер
رامي|Rami, Ramy|Рами
جمال|Jamal, Gamal, Djamal|Джамаль, Жамаль
كريم|Karim, Kareem|Карим
نور الدين|Nour al-Din, Nureddin, Nour Eddine, Nur ad-Din|Нур ад-Дин, Нуреддин
صالح|Saleh, Salih, Saleh|Салех, Салих
ياسر|Yasser, Yasir, Yaser|Ясер, Ясир
طارق|Tarek, Tariq, Tarik|Тарик
زياد|Ziad, Ziyad, Zyad|Зияд, Зиад
عماد|Imad, Emad|Имад
بلال|Bilal, Belal|Билал
أنس|Anas|Анас
حمزة|Hamza, Hamzah|Хамза
عثمان|Othman, Uthman, Osman|Усман, Осман
شادي|Shadi, Chadi, Shady|Шади
فراس|Firas, Feras|Фирас
ماهر|Maher, Mahir|Махер
نبيل|Nabil, Nabeel|Набиль
هشام|Hisham, Hicham|Хишам
جهاد|Jihad, Jehad|Джихад
أيمن|Ayman, Aiman|Айман
باسل|Basel, Basil|Басель
غسان|Ghassan, Ghasan|Гассан
قاسم|Qasim, Kassem, Qassem, Kasim|Касем, Касым
منير|Munir, Mounir|Мунир
رياض|Riad, Riyad, Riyadh|Рияд
فاطمة|Fatima, Fatma, Fatmeh|Фатима
مريم|Maryam, Mariam, Meryem|Марьям
عائشة|Aisha, Aicha, Aysha|Аиша
زينب|Zainab, Zeinab, Zaynab|Зейнаб
خديجة|Khadija, Khadijah, Khadeeja|Хадиджа
نور|Nour, Noor, Nur|Нур
هدى|Huda, Houda, Hoda|Худа
سلمى|Salma, Selma|Сальма
رنا|Rana|Рана
لينا|Lina, Leena|Лина
أسامة|Osama, Usama, Oussama|Усама
معاذ|Muath, Moaz, Muadh|Муаз
عبد الكريم|Abdulkarim, Abd al-Karim, Abdel Karim|Абдулкарим
عبد القادر|Abdulqader, Abd al-Qadir, Abdelkader|Абдель Кадер
إسماعيل|Ismail, Ismael, Esmail|Исмаил
سليمان|Sulaiman, Suleiman, Soliman|Сулейман
أبو بكر|Abu Bakr, Abou Bakr, Abubakar|Абу Бакр
حسام|Hussam, Husam, Houssam|Хусам
وائل|Wael, Wa'il|Ваиль
عدنان|Adnan|Аднан
ربيع|Rabie, Rabih, Rabee|Раби
ناصر|Nasser, Nasir, Naser|Насер
منصور|Mansour, Mansur|Мансур
فيصل|Faisal, Faysal, Fayssal|Фейсал
عادل|Adel, Adil|Адель
عامر|Amer, Amir|Амер
هاني|Hani, Hany|Хани
مازن|Mazen, Mazin|Мазен
نزار|Nizar, Nezar|Низар
رضوان|Radwan, Ridwan, Redouane|Радван
مهند|Muhannad, Mohanad|Муханнад
أكرم|Akram|Акрам
أنور|Anwar, Anouar|Анвар
بشير|Bashir, Bachir, Basheer|Башир
توفيق|Tawfiq, Toufik, Tawfik|Тауфик
جميل|Jamil, Jameel, Gamil|Джамиль
حازم|Hazem, Hazim|Хазем
حمدي|Hamdi, Hamdy|Хамди
خليل|Khalil, Khaleel|Халиль
راشد|Rashid, Rached, Rashed|Рашид
زكريا|Zakaria, Zakariya, Zakariyya|Закария
سامي|Sami, Samy|Сами
سليم|Salim, Selim, Saleem|Салим
صبحي|Subhi, Sobhi|Субхи
عبد الحميد|Abdulhamid, Abd al-Hamid, Abdelhamid|Абдель Хамид
عبد الرزاق|Abdulrazzaq, Abd al-Razzaq, Abderrazak|Абдурраззак
عبد الناصر|Abdulnasser, Abd al-Nasir, Abdel Nasser|Абдель Насер
عصام|Issam, Essam, Isam|Исам
علاء|Alaa, Ala'a, Ala|Алаа
غازي|Ghazi, Ghazy|Гази
فواز|Fawaz, Fawwaz|Фаваз
كمال|Kamal, Kamel|Камаль
ماجد|Majed, Majid, Maged|Маджид
مجد|Majd, Magd|Мадж
نادر|Nader, Nadir|Надер
هيثم|Haitham, Haytham, Heitham|Хайсам, Хайтам
ياسين|Yassin, Yasin, Yaseen|Ясин
سوسن|Sawsan, Sausan|Саусан
رهف|Rahaf|Рахаф
أمل|Amal|Амаль
هبة|Heba, Hiba|Хиба
دعاء|Doaa, Du'a|Дуа
"""

FAMILY = """
الأحمد|al-Ahmad, Al Ahmad, Alahmad, El Ahmad|аль-Ахмад
الحسن|al-Hassan, Al Hasan, El Hassan, Alhassan|аль-Хасан
المحمد|al-Mohammed, Al Muhammad, Almohamad|аль-Мухаммед
العلي|al-Ali, Al Ali, Alali|аль-Али
الخطيب|al-Khatib, Al Khateeb, El Khatib|аль-Хатиб
الحمصي|al-Homsi, Al Himsi, Homsi|аль-Хомси
الشامي|al-Shami, Ash-Shami, El Chami|аш-Шами, аль-Шами
الحلبي|al-Halabi, Al Halaby, Halabi|аль-Халаби
الدمشقي|al-Dimashqi, Dimashki, ad-Dimashqi|ад-Димашки
النجار|al-Najjar, Al Naggar, Najjar|ан-Наджар, аль-Наджар
الحداد|al-Haddad, Haddad, El Haddad|аль-Хаддад
العمر|al-Omar, Al Umar, Alomar|аль-Омар
الصالح|al-Saleh, As-Salih, Al Saleh|ас-Салех
الحسين|al-Hussein, Al Husayn, Alhussein|аль-Хусейн
الزعبي|al-Zoubi, Al Zu'bi, Zoabi|аз-Зуби
المصري|al-Masri, Al Misri, El Masry|аль-Масри
الكردي|al-Kurdi, Kurdi, El Kurdi|аль-Курди
الحمود|al-Hamoud, Al Hamud, Hammoud|аль-Хамуд
العبدالله|al-Abdullah, Al Abdallah, Abdullah|аль-Абдулла
الجاسم|al-Jassem, Al Jasim, Jassim|аль-Джасим
الخليل|al-Khalil, Al Khaleel, Khalil|аль-Халиль
الرفاعي|al-Rifai, Ar-Rifa'i, Rifai|ар-Рифаи
السيد|al-Sayed, As-Sayyid, El Sayed|ас-Сайид
الحريري|al-Hariri, Hariri, El Hariri|аль-Харири
الأسعد|al-Asaad, Al As'ad, Asad|аль-Асаад
العثمان|al-Othman, Al Uthman, Alothman|аль-Усман
الإبراهيم|al-Ibrahim, Al Ebrahim, Alibrahim|аль-Ибрагим
الفارس|al-Fares, Al Faris, Fares|аль-Фарес
الطويل|al-Tawil, At-Taweel, Tawil|ат-Тавиль
الدرويش|al-Darwish, Darwish, Derwich|ад-Дарвиш
قاسم|Qasim, Kassem, Qassem|Касем
حداد|Haddad, Hadad|Хаддад
عيسى|Issa, Eissa, Isa|Иса
موسى|Moussa, Musa, Mousa|Муса
نصر|Nasr, Naser, Nassr|Наср
شيخ|Sheikh, Cheikh, Shaykh|Шейх
عبود|Abboud, Aboud, Abbud|Аббуд
سليمان|Sulaiman, Suleiman, Soliman|Сулейман
يونس|Younes, Yunus, Younis|Юнус
حمدان|Hamdan, Hamdane|Хамдан
مراد|Mourad, Murad|Мурад
عساف|Assaf, Asaf|Ассаф
حاج|Hajj, Haj, Hadj|Хадж
جبر|Jabr, Jaber, Djabr|Джабр
بكور|Bakour, Bakkour, Bakur|Баккур
الزين|al-Zein, Al Zain, Ezzein|аз-Зейн
العبد|al-Abd, Al Abed, Elabed|аль-Абд
الحاج علي|al-Hajj Ali, Al Haj Ali, Elhaj Ali|аль-Хадж Али
الشيخ|al-Sheikh, Ash-Shaykh, El Cheikh|аш-Шейх
الحمادي|al-Hammadi, Al Hamadi, Hammadi|аль-Хаммади
البكري|al-Bakri, Al Bakry, Bakri|аль-Бакри
التركماني|al-Turkmani, Turkmani, At-Turkmani|ат-Туркмани
الجبوري|al-Jubouri, Al Jabouri, Jubouri|аль-Джубури
العكيدي|al-Ugaidi, Al Okaidi, Akidi|аль-Акиди
الخضر|al-Khidr, Al Khodr, Khodr|аль-Хидр
المرعي|al-Marei, Al Mar'i, Marai|аль-Мараи
الحمدان|al-Hamdan, Al Hamdane, Alhamdan|аль-Хамдан
الضاهر|al-Daher, Ad-Dahir, Daher|ад-Дахер
الكيلاني|al-Kilani, Al Kaylani, Gilani|аль-Килани
النعيمي|al-Nuaimi, Al Noaimi, Naimi|ан-Нуайми
الخياط|al-Khayyat, Khayat, El Khayat|аль-Хайят
الصباغ|al-Sabbagh, As-Sabbagh, Sabbag|ас-Саббаг
الحلاق|al-Hallaq, Hallak, El Hallak|аль-Халлак
العطار|al-Attar, Attar, El Attar|аль-Аттар
الخباز|al-Khabbaz, Khabaz, El Khabbaz|аль-Хаббаз
الصراف|al-Sarraf, Sarraf, Assaraf|ас-Сарраф
الدباغ|al-Dabbagh, Dabbagh, Debbagh|ад-Даббаг
القصاب|al-Qassab, Kassab, El Kassab|аль-Кассаб
الجزار|al-Jazzar, Jazzar, El Gazzar|аль-Джаззар
الطباخ|al-Tabbakh, Tabbakh, Tabakh|ат-Таббах
الحموي|al-Hamawi, Hamwi, El Hamaoui|аль-Хамави
الإدلبي|al-Idlibi, Idlibi, Edlibi|аль-Идлиби
الرقاوي|al-Raqqawi, Rakkawi|ар-Раккави
الديري|al-Deiri, Dairi, Deiry|ад-Дейри
الشمري|al-Shammari, Shammari, Chammari|аш-Шаммари
العنزي|al-Anazi, Enezi, Al Anzi|аль-Анази
الدليمي|al-Dulaimi, Dulaimi, Dleimi|ад-Дулейми
البقاري|al-Baqqari, Bakkari|аль-Баккари
الحسيني|al-Husseini, Husaini, El Husseiny|аль-Хусейни
الموسوي|al-Mousawi, Musawi, Moussaoui|аль-Мусави
الحكيم|al-Hakim, Hakeem, El Hakim|аль-Хаким
القباني|al-Qabbani, Kabbani, Qabbany|аль-Каббани
العظمة|al-Azma, Azmeh, Al Azmah|аль-Азма
الأتاسي|al-Atassi, Atasi, El Atassi|аль-Атаси
الجابري|al-Jabiri, Jabri, El Jabry|аль-Джабири
المعلم|al-Muallem, Moallem, Mualim|аль-Муаллем
السقا|al-Saqqa, Sakka, Assaka|ас-Сакка
الطحان|al-Tahhan, Tahan, Et-Tahhan|ат-Таххан
الحمامي|al-Hammami, Hamami|аль-Хаммами
الفاخوري|al-Fakhouri, Fakhoury, Fakhuri|аль-Фахури
الكحال|al-Kahhal, Kahal, Kahhale|аль-Каххаль
المفتي|al-Mufti, Mufti, El Mofty|аль-Муфти
القدسي|al-Qudsi, Koudsi, Kodsi|аль-Кудси
البيطار|al-Bitar, Bitar, Baytar|аль-Битар
الزيات|al-Zayyat, Zayat, Ezzayat|аз-Зайят
الدروبي|al-Droubi, Drubi, Droubi|ад-Друби
السباعي|al-Sibai, Sebai, Al Sibaei|ас-Сибаи
الملا|al-Mulla, Mullah, Molla|аль-Мулла
الشهابي|al-Shihabi, Chehabi, Shehabi|аш-Шихаби
الطرابلسي|al-Trabulsi, Trabelsi, Tarabulsi|ат-Трабулси
المارديني|al-Mardini, Mardini, Mardiny|аль-Мардини
الجندي|al-Jundi, Jundi, El Gindi|аль-Джунди
العاني|al-Ani, Aani, El Ani|аль-Ани
الأيوبي|al-Ayyubi, Ayoubi, Ayubi|аль-Айюби
الكبيسي|al-Kubaisi, Kubaisy, Qubaisi|аль-Кубейси
النقشبندي|al-Naqshbandi, Nakshbandi|ан-Накшбанди
البرازي|al-Barazi, Barazi, Al Barazy|аль-Барази
العجيلي|al-Ujaili, Ajeili, Ojaili|аль-Уджейли
الخوري|al-Khoury, Khouri, Khuri|аль-Хури
الحافظ|al-Hafez, Hafiz, Hafez|аль-Хафез
"""

PLACES = """
دوما|Douma, Duma|Дума
حمص|Homs, Hims|Хомс
حلب|Aleppo, Halab|Алеппо, Халеб
إدلب|Idlib, Idleb|Идлиб
درعا|Daraa, Dar'a, Deraa|Дараа
الرقة|Raqqa, Ar-Raqqah, Rakka|Ракка
دير الزور|Deir ez-Zor, Deir al-Zour, Dayr az-Zawr|Дейр-эз-Зор
حماة|Hama, Hamah|Хама
اللاذقية|Latakia, Al-Ladhiqiyah, Lattakia|Латакия
طرطوس|Tartus, Tartous|Тартус
القامشلي|Qamishli, Al-Qamishli, Kamishli|Камышлы
منبج|Manbij, Menbij|Манбидж
الباب|al-Bab, Al Bab|Эль-Баб
داريا|Darayya, Daraya|Дарайя
معرة النعمان|Maarat al-Numan, Ma'arrat an-Nu'man|Мааррат-эн-Нууман
جسر الشغور|Jisr al-Shughur, Jisr ash-Shughur|Джиср-эш-Шугур
تلكلخ|Talkalakh, Tall Kalakh|Телль-Калах
الزبداني|Zabadani, Az-Zabadani|Эз-Забадани
"""


def parse_pool(text: str) -> list[tuple[str, list[str], list[str]]]:
    pool = []
    for line in text.strip().splitlines():
        arabic, latin, cyrillic = line.split("|")
        pool.append((arabic.strip(), [s.strip() for s in latin.split(",")], [s.strip() for s in cyrillic.split(",")]))
    return pool

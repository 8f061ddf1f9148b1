"""Small person lists and parties shared by the stored-list tests."""

from __future__ import annotations

from truceline.common.context import Ctx
from truceline.registry import service as registry
from truceline.registry.schemas import PartyCreate

# Values that must never appear in clear in the database: Arabic and Latin names, a birth year beside a
# name, notes, a place of origin.
SECRETS = ["محمد عبد الرحمن الحسن", "عبد الرحمن", "Mohammed Abdulrahman al-Hassan", "Abdulrahman",
           "Fatima Zahra Khalil", "Douma", "scar on the left hand", "detained at the Adra checkpoint",
           "فاطمة", "Sednaya prison", "سجن صيدنايا"]

LIST_A = (
    "id,full_name,given_name,father_name,grandfather_name,family_name,birth_year,place_of_origin,notes\n"
    "A-1,محمد عبد الرحمن الحسن,محمد,عبد الرحمن,,الحسن,1985,دوما,\n"
    "A-2,Fatima Zahra Khalil,Fatima,Zahra,,Khalil,1990,Douma,scar on the left hand\n"
    "A-3,Ahmad Yusuf Darwish,,,,,1978,Harasta,detained at the Adra checkpoint\n"
).encode()

LIST_B = (
    "id,full_name,given_name,father_name,grandfather_name,family_name,birth_year,place_of_origin,notes\n"
    "B-1,Mohammed Abdulrahman al-Hassan,Mohammed,Abdulrahman,,al-Hassan,1985,Duma,\n"
    "B-2,فاطمة زهرة خليل,فاطمة,زهرة,,خليل,1990,دوما,\n"
    "B-3,Omar Saleh Haddad,Omar,Saleh,,Haddad,1969,Arbin,\n"
).encode()


# a list of remains with the optional columns: when and where each person died or was detained
LIST_C = (
    "id,full_name,birth_year,notes,event_date,event_place\n"
    "C-1,Omar Saleh Haddad,1969,,2016-03,Sednaya prison\n"
    "C-2,خالد عمر,1980,,2015-11-02,سجن صيدنايا\n"
).encode()


def add_parties(store, ctx: Ctx) -> None:
    registry.create_party(store, ctx, PartyCreate(key="syria-government", name="Government of Syria",
                                                  kind="state_party"))
    registry.create_party(store, ctx, PartyCreate(key="jaysh-al-islam", name="Jaysh al-Islam", kind="armed_group"))

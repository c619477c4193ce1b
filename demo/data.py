"""Static catalogues for the generated worlds: Westmere, the demo's invented English
county, and the configuration, names and assets every data tier shares.

Every place, person, group and figure here is invented. Unit values are round
illustrative figures and say so in their source, so nobody mistakes them for evidence.
"""

from __future__ import annotations

from localities.models import ReferralSource

COUNTY = "Westmere"
PASSWORD = "demo-password-2026"

# (name, district, population, LAC started this many days ago, annual cost in £,
#  people introduced in the demo's 18 months)
LOCALITIES = [
    ("Hartsmere Town", "Hartsmere", 14200, 2190, 48500, 38),
    ("Brookfield", "Hartsmere", 7600, 1460, 41000, 27),
    ("Linton Vale", "Hartsmere", 6300, 1460, 39500, 25),
    ("Stowbridge North", "Stowbridge", 11800, 2555, 46000, 34),
    ("Stowbridge South", "Stowbridge", 12500, 2555, 47500, 31),
    ("Kingsmead", "Stowbridge", 8900, 1825, 42000, 26),
    ("Elmsworth", "Elm Valley", 16400, 1825, 51500, 37),
    ("Fenby and Saltmarsh", "Elm Valley", 5400, 1095, 38000, 25),
    ("Ravensby", "Ravensby Coast", 17800, 2920, 52000, 40),
    ("Ashcombe Moor", "Ravensby Coast", 6900, 1095, 40500, 28),
]

# (username, first name, last name, localities); together they cover every locality,
# and Ravensby has two coordinators so "a colleague in the same locality" can be shown.
COORDINATORS = [
    ("coordinator", "Sam", "Whitfield", ["Hartsmere Town"]),
    ("coordinator2", "Priya", "Chauhan", ["Brookfield", "Linton Vale"]),
    ("coordinator3", "Tom", "Hollis", ["Stowbridge North"]),
    ("coordinator4", "Bethan", "Morgan", ["Stowbridge South", "Kingsmead"]),
    ("coordinator5", "Kwame", "Asante", ["Elmsworth"]),
    ("coordinator6", "Joanne", "Pike", ["Fenby and Saltmarsh"]),
    ("coordinator7", "Aisha", "Rahman", ["Ravensby"]),
    ("coordinator8", "Gareth", "Lloyd", ["Ashcombe Moor", "Ravensby"]),
]
# (username, first name, last name, districts managed, or None for every locality)
MANAGERS = [
    ("manager", "Helen", "Crossley", ["Hartsmere", "Stowbridge"]),
    ("manager2", "David", "Okafor", None),
]
ADMIN = ("admin", "Lesley", "Grant")

THEMES = [
    "Loneliness",
    "Mental health",
    "Physical health",
    "Housing",
    "Money and debt",
    "Work and learning",
    "Caring",
    "Family",
    "Safety",
    "Daily living",
]
# How often each theme comes up in introductions (loneliness and mental health lead).
THEME_WEIGHTS = [10, 8, 6, 4, 6, 3, 3, 3, 2, 5]
ASSET_CATEGORIES = ["Group or club", "Venue", "Organisation", "Activity", "Green space", "Service"]
ASSET_DESCRIPTIONS = {
    "Group or club": "Meets weekly; everyone welcome, no need to book.",
    "Venue": "Rooms to hire at low cost; step-free access and a kitchen.",
    "Organisation": "Run by local volunteers; drop in or phone first.",
    "Activity": "A friendly session for all abilities; free or pay what you can.",
    "Green space": "Open every day; benches, paths and a volunteer group.",
    "Service": "Free advice and support; appointments and drop-in.",
}

C = ReferralSource.Category
# (name, category, weight, introducers to pick from; "" means none recorded)
REFERRAL_SOURCES = [
    ("Self", C.SELF, 15, [""]),
    ("Family or friend", C.FAMILY_FRIEND, 10, ["Daughter", "Son", "Neighbour", "Friend"]),
    ("GP surgery", C.GP_PRIMARY_CARE, 14, ["Dr Shah, GP", "Dr Evans, GP", "Practice nurse"]),
    ("Social prescribing link worker", C.GP_PRIMARY_CARE, 10, ["Marie, link worker"]),
    ("Hospital discharge team", C.HOSPITAL, 6, ["Ward 7 discharge team"]),
    ("Community mental health team", C.MENTAL_HEALTH, 8, ["CPN, community team"]),
    ("Adult social care", C.ADULT_SOCIAL_CARE, 12, ["Front door team", "Social worker"]),
    ("Housing association", C.HOUSING, 8, ["Tenancy sustainment officer"]),
    ("Police", C.POLICE_FIRE, 3, ["PCSO, neighbourhood team"]),
    ("Fire and rescue", C.POLICE_FIRE, 2, ["Safe and well visit"]),
    ("Citizens Advice", C.VOLUNTARY_SECTOR, 5, ["Debt adviser"]),
    ("Community group or church", C.VOLUNTARY_SECTOR, 4, ["Church warden", "Group leader"]),
    ("Other", C.OTHER, 3, ["Pharmacist", "Librarian"]),
]

# (name, weight)
CLOSING_REASONS = [
    ("Goals achieved", 34),
    ("Connected to community", 30),
    ("Chose to stop", 10),
    ("No longer in contact", 10),
    ("Referred to statutory service", 8),
    ("Moved away", 5),
    ("Died", 3),
]

DEMO_VALUE = (
    "Illustrative demo value — replace with a sourced figure (e.g. GMCA Unit Cost Database)"
)
# (name, level, description, illustrative unit value in £ or None)
OUTCOME_TYPES = [
    ("Built a valued relationship", "individual", "A new friendship or a repaired one.", None),
    ("More confident", "individual", "Says, and shows, more confidence.", None),
    ("Managing money or debt", "individual", "Debts in hand or income maximised.", 1000),
    ("Housing kept or found", "individual", "Stayed in, or moved to, a suitable home.", None),
    ("Better health self-management", "individual", "Managing a condition better.", None),
    ("Started volunteering", "individual", "Gives time regularly to a group.", 1500),
    ("Started training or work", "individual", "Began a course, training or a job.", 3000),
    ("Joined a group", "community", "Takes part regularly in a community group.", None),
    ("Contributed a skill", "community", "Shares a gift or skill with others.", None),
    ("Helped start a group", "community", "One of the people who got a group going.", None),
    ("New community resource established", "community", "A new group or resource.", None),
    ("GP appointments avoided", "system", "Fewer GP visits than before.", 40),
    ("A&E attendance avoided", "system", "A likely A&E visit did not happen.", 250),
    ("Adult social care referral avoided", "system", "Needs met without a referral.", 400),
    (
        "Safeguarding concern resolved without escalation",
        "system",
        "Risk reduced without a formal safeguarding enquiry.",
        1000,
    ),
    ("Eviction prevented", "system", "A tenancy at risk was kept.", 7000),
    ("Hospital discharge supported", "system", "Home from hospital with support in place.", 800),
    ("Care package reduced", "system", "Less paid care needed.", 5000),
    ("Mental-health crisis avoided", "system", "A likely crisis admission did not happen.", 2500),
]
# Illustrative too: (years the benefit of a valued demo outcome lasts, % of it lost each
# year after the first), so the value estimate's present value shows; others last a year.
DEMO_DURATIONS = {
    "Managing money or debt": (2, 50),
    "Started volunteering": (2, 50),
    "Started training or work": (3, 30),
    "Eviction prevented": (2, 50),
    "Care package reduced": (3, 25),
}
# Which outcomes are likely, given an introduction's themes.
THEME_OUTCOMES = {
    "Loneliness": ["Built a valued relationship", "Joined a group", "More confident"],
    "Mental health": ["More confident", "Mental-health crisis avoided", "GP appointments avoided"],
    "Physical health": [
        "Better health self-management",
        "GP appointments avoided",
        "A&E attendance avoided",
        "Hospital discharge supported",
    ],
    "Housing": ["Housing kept or found", "Eviction prevented"],
    "Money and debt": ["Managing money or debt", "Eviction prevented"],
    "Work and learning": [
        "Started volunteering",
        "Started training or work",
        "Contributed a skill",
    ],
    "Caring": [
        "Adult social care referral avoided",
        "Care package reduced",
        "Built a valued relationship",
    ],
    "Family": ["Built a valued relationship", "More confident"],
    "Safety": ["Safeguarding concern resolved without escalation"],
    "Daily living": [
        "Adult social care referral avoided",
        "Care package reduced",
        "Better health self-management",
    ],
}

# (name with {place}, category, themes, can be developed with LAC)
ASSET_TEMPLATES = [
    ("{place} Community Café", "Venue", ["Loneliness", "Daily living"], False),
    ("{place} Library", "Service", ["Work and learning", "Loneliness"], False),
    ("{place} Health Walks", "Activity", ["Physical health", "Mental health"], False),
    ("{place} Men's Shed", "Group or club", ["Loneliness", "Mental health"], True),
    ("{place} Repair Café", "Group or club", ["Money and debt", "Loneliness"], True),
    ("{place} Cook and Eat Club", "Group or club", ["Daily living", "Physical health"], True),
    ("{place} Food Pantry", "Organisation", ["Money and debt", "Family"], True),
    ("Knit and Natter at {place} Library", "Activity", ["Loneliness"], True),
    ("{place} Community Allotments", "Green space", ["Physical health", "Mental health"], False),
    ("{place} Recreation Ground", "Green space", ["Physical health", "Family"], False),
    ("St {saint}'s Church Hall", "Venue", ["Loneliness", "Family"], False),
    ("{place} Carers' Coffee Morning", "Group or club", ["Caring", "Loneliness"], True),
    ("{place} Parent and Toddler Group", "Group or club", ["Family"], False),
    ("{place} Good Neighbours Scheme", "Organisation", ["Daily living", "Safety"], True),
    ("{place} Chair Yoga", "Activity", ["Physical health"], False),
    ("{place} Community Garden", "Green space", ["Mental health", "Work and learning"], True),
]
SAINTS = ["Michael", "Mary", "Peter", "Andrew", "John", "Luke", "Margaret", "Edmund"]
# (name, category, themes)
AREA_WIDE_ASSETS = [
    (f"Citizens Advice {COUNTY}", "Service", ["Money and debt", "Housing", "Work and learning"]),
    (f"{COUNTY} Carers' Centre", "Organisation", ["Caring"]),
    (f"{COUNTY} Talking Therapies", "Service", ["Mental health"]),
    (f"{COUNTY} Community Transport", "Service", ["Daily living", "Loneliness"]),
    (f"{COUNTY} Credit Union", "Organisation", ["Money and debt"]),
    (f"{COUNTY} Volunteer Centre", "Organisation", ["Work and learning", "Loneliness"]),
]

FIRST_NAMES = [
    "Margaret",
    "Jean",
    "Patricia",
    "Susan",
    "Linda",
    "Karen",
    "Sarah",
    "Emma",
    "Claire",
    "Rebecca",
    "Chloe",
    "Amy",
    "Fatima",
    "Aisha",
    "Agnieszka",
    "Joy",
    "Shirley",
    "Pauline",
    "Janet",
    "Mandy",
    "Tracey",
    "Zainab",
    "Grace",
    "Beverley",
    "Irene",
    "Sandra",
    "Nicola",
    "John",
    "David",
    "Peter",
    "Michael",
    "Paul",
    "Stephen",
    "Mark",
    "Gary",
    "Darren",
    "Lee",
    "Craig",
    "Jamie",
    "Ryan",
    "Liam",
    "Mohammed",
    "Imran",
    "Tomasz",
    "Kofi",
    "Derek",
    "Brian",
    "Keith",
    "Graham",
    "Trevor",
    "Colin",
    "Dennis",
    "Raymond",
    "Wayne",
    "Dean",
    "Adrian",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Hussain",
    "Ali",
    "Begum",
    "Kowalski",
    "Nowak",
    "Mensah",
    "Campbell",
    "Hughes",
    "Edwards",
    "Turner",
    "Harris",
    "Cooper",
    "Ward",
    "Baker",
    "Harrison",
    "Morris",
    "Marshall",
    "Bennett",
    "Fletcher",
    "Pearson",
    "Barker",
    "Holmes",
]
STREETS = [
    "Mill Lane",
    "Station Road",
    "Church Street",
    "Victoria Road",
    "The Crescent",
    "Park View",
    "Meadow Close",
    "Chapel Row",
    "Orchard Way",
    "Brook Street",
    "Queens Avenue",
    "Fore Street",
    "Windmill Hill",
    "Lime Grove",
    "Market Place",
    "Coronation Road",
    "Nightingale Court",
]

# contact mode -> (weight, fewest minutes, most minutes)
CONTACT_MODES = {
    "in_person": (40, 30, 90),
    "phone": (25, 10, 40),
    "message": (9, 10, 15),
    "accompanied": (8, 60, 120),
    "group": (5, 45, 120),
    "video": (4, 20, 60),
    "attempted": (9, 10, 10),
}
# How often each of the eight areas of support comes up, in people.models order.
AREA_WEIGHTS = [6, 5, 7, 3, 8, 4, 7, 2]

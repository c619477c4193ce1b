"""What people say and write in the generated worlds: what is happening when someone is
introduced, visions, strengths, next steps, contact notes and stories of change.

Every word is invented; `{who}` in a story is filled in by the generator.
"""

WHAT_IS_HAPPENING = {
    "Loneliness": "Lives alone since their partner died; rarely goes out, and the days are long.",
    "Mental health": "Low mood for months, anxious about leaving the house.",
    "Physical health": "Recent fall and a hospital stay; worried about managing at home.",
    "Housing": "Rent arrears building up and a letter from the landlord.",
    "Money and debt": "Struggling with bills since hours were cut; avoiding opening post.",
    "Work and learning": "Out of work for two years and wants to get back to something.",
    "Caring": "Caring for a parent with dementia and close to breaking point.",
    "Family": "Relationship with grown-up children strained; wants to rebuild it.",
    "Safety": "Doorstep callers and a neighbour dispute; feels unsafe at home.",
    "Daily living": "Finding shopping and cooking hard; the house is getting on top of them.",
}
VISIONS = [
    "To feel part of things again and have somewhere to go in the week.",
    "To get back to gardening and have people round for tea.",
    "To be on top of money and stop dreading the post.",
    "To stay in my own home and be able to get to the shops.",
    "To use what I know from work to help other people.",
    "To see my grandchildren more and feel well enough to enjoy it.",
]
STRENGTHS = [
    "Great baker; knows everyone on the street; very determined.",
    "Used to be a joiner and can fix almost anything.",
    "Warm and funny; a good listener; sings in the car.",
    "Keen gardener; close to a sister nearby; loves dogs.",
    "Organised and good with numbers; ran a football team for years.",
    "Speaks three languages; kind to neighbours; good cook.",
]
NEXT_STEPS = [
    "Go together to the coffee morning on Tuesday.",
    "Phone to see how the first visit to the group went.",
    "Help fill in the benefits form.",
    "Meet at the library to look at courses.",
    "Introduce to the Men's Shed organiser.",
    "Check in after the GP appointment.",
]
# mode -> notes; "attempted" contacts get their own short notes.
CONTACT_NOTES = {
    "in_person": [
        "Met for a cuppa at the café; talked about what a good week would look like.",
        "Home visit. Looked at what is working and what isn't; agreed small next steps.",
        "Met at the library. Talked about interests and people who matter to them.",
    ],
    "phone": [
        "Catch-up call. Feeling a bit brighter; planning to try the group next week.",
        "Rang to check how things went at the appointment.",
    ],
    "video": ["Video call with their daughter on too; agreed a plan together."],
    "message": ["Sent details of the group and the bus times as promised."],
    "accompanied": [
        "Went together to the first session; stayed for the first half hour.",
        "Accompanied to the housing office; sorted the arrears plan.",
    ],
    "group": ["Saw them at the cook and eat session; chatting to others and helping out."],
    "attempted": ["No answer; left a message.", "Called round, nobody in; left a card."],
}
# {who} is the first name, or "someone I walk alongside" when the story is anonymised.
STORIES_INDIVIDUAL = [
    (
        "Back in the garden",
        "{who} had hardly left the house since a fall. We started with short walks to the "
        "allotments; now there is a plot, cuttings shared with neighbours and a reason to "
        "go out every day.",
    ),
    (
        "On top of the bills",
        "{who} was avoiding brown envelopes. Together we sorted the post and made a plan "
        "with Citizens Advice. The bills are paid now, and Saturday mornings go on helping "
        "others at the Repair Café.",
    ),
    (
        "A reason to get up",
        "{who} felt invisible after retiring. Running the tea rota at the Men's Shed has "
        'given the week its shape again: "I\'m needed there."',
    ),
    (
        "Staying at home",
        "After a hospital stay, {who} was expected to need a care package. Neighbours, "
        "a good-neighbours scheme and a few changes at home meant it was not needed.",
    ),
]
STORIES_COMMUNITY = [
    (
        "A cook and eat club is born",
        "Several people I met said they had stopped cooking for one. Four of them started a "
        "weekly cook and eat club in the church hall; twenty people now come.",
    ),
    (
        "The repair café",
        "A retired engineer and two neighbours wanted to share their skills. With a room at "
        "the library and some tools they now fix forty items a month.",
    ),
]
STORIES_SYSTEM = [
    (
        "Fewer calls to the surgery",
        "The practice noticed that people introduced to LAC came back less often. One man "
        "who had phoned weekly now comes to the health walks instead.",
    ),
    (
        "A tenancy kept",
        "The housing association was about to start possession proceedings. A plan for the "
        "arrears and a few weeks alongside meant the tenancy was kept.",
    ),
]

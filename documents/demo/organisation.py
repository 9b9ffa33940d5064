"""The demo commune's organisation: directions, services, sites and people."""

from qms import roles

PASSWORD = "demo"  # noqa: S105 - demo data, loaded only with DEBUG on
EMAIL_DOMAIN = "mairie-belleville.fr"
SEED = 2024


# --- The organisation ------------------------------------------------------------------
# code, name, pilot's job title (the director is a process pilot of the whole direction)
DIRECTIONS = [
    ("dgs", "Direction générale des services", "Directrice générale adjointe des services"),
    ("dpc", "Direction de la population et de la citoyenneté",
     "Directeur de la population et de la citoyenneté"),
    ("dst", "Direction des services techniques", "Directeur des services techniques"),
    ("dres", "Direction des ressources", "Directrice des ressources"),
    ("dsol", "Direction de la solidarité (CCAS)", "Directrice de la solidarité"),
    ("decsj", "Direction éducation, culture, sport et jeunesse",
     "Directeur éducation, culture, sport et jeunesse"),
]
# code, name, direction, pilot's job title, agents' job title
SERVICES = [
    ("qualite", "Mission qualité et contrôle de gestion", "dgs",
     "Contrôleuse de gestion", "Assistant qualité"),
    ("communication", "Communication", "dgs", "Responsable de la communication",
     "Chargé de communication"),
    ("juridique", "Affaires juridiques et assemblées", "dgs", "Responsable des affaires juridiques",
     "Juriste"),
    ("police", "Police municipale", "dgs", "Chef de service de police municipale",
     "Policier municipal"),
    ("accueil", "Accueil – Guichet unique", "dpc", "Responsable du guichet unique",
     "Agent d'accueil"),
    ("etat-civil", "État civil", "dpc", "Responsable de l'état civil",
     "Officier d'état civil délégué"),
    ("elections", "Élections et recensement", "dpc", "Responsable des élections",
     "Agent administratif"),
    ("proprete", "Propreté urbaine", "dst", "Responsable de la propreté urbaine",
     "Agent de propreté"),
    ("espaces-verts", "Espaces verts", "dst", "Responsable des espaces verts", "Jardinier"),
    ("voirie", "Voirie et réseaux", "dst", "Responsable voirie et réseaux", "Agent de voirie"),
    ("step", "Station d'épuration", "dst", "Responsable de la station d'épuration",
     "Technicien d'exploitation"),
    ("batiments", "Bâtiments", "dst", "Responsable du patrimoine bâti", "Agent de maintenance"),
    ("marches", "Marchés publics et achats", "dres", "Responsable de la commande publique",
     "Acheteur public"),
    ("finances", "Finances", "dres", "Responsable des finances", "Gestionnaire comptable"),
    ("rh", "Ressources humaines", "dres", "Responsable des ressources humaines",
     "Gestionnaire RH"),
    ("dsi", "Systèmes d'information", "dres", "Responsable des systèmes d'information",
     "Technicien informatique"),
    ("ccas", "CCAS – Action sociale", "dsol", "Responsable de l'action sociale",
     "Travailleur social"),
    ("petite-enfance", "Petite enfance", "dsol", "Coordinatrice petite enfance",
     "Auxiliaire de puériculture"),
    ("restauration", "Restauration scolaire", "decsj", "Responsable de la cuisine centrale",
     "Cuisinier"),
    ("scolaire", "Affaires scolaires", "decsj", "Responsable des affaires scolaires",
     "Agent administratif"),
    ("bibliotheque", "Médiathèque Jules-Verne", "decsj", "Directrice de la médiathèque",
     "Assistant de conservation"),
    ("sports", "Sports", "decsj", "Responsable des sports", "Éducateur sportif"),
]
SITES = [
    ("Hôtel de ville", "1 place de la Mairie, 45700 Belleville-sur-Loire",
     ["dgs", "qualite", "communication", "juridique", "dpc", "accueil", "etat-civil", "elections",
      "dres", "marches", "finances", "rh", "dsi", "scolaire"]),
    ("Centre technique municipal", "12 rue des Ateliers, 45700 Belleville-sur-Loire",
     ["dst", "proprete", "espaces-verts", "voirie", "batiments"]),
    ("Station d'épuration des Prés-Bas", "Chemin de la Loire, 45700 Belleville-sur-Loire",
     ["step"]),
    ("Maison des solidarités", "5 rue Victor-Hugo, 45700 Belleville-sur-Loire",
     ["dsol", "ccas", "petite-enfance"]),
    ("Cuisine centrale", "8 allée des Tilleuls, 45700 Belleville-sur-Loire", ["restauration"]),
    ("Médiathèque Jules-Verne", "2 rue de la République, 45700 Belleville-sur-Loire",
     ["bibliotheque", "decsj"]),
    ("Complexe sportif du Val", "Avenue du Stade, 45700 Belleville-sur-Loire", ["sports"]),
    ("Poste de police municipale", "3 rue du Marché, 45700 Belleville-sur-Loire", ["police"]),
]

# The five demo logins: username, first name, last name, role, service, job title.
DEMO_USERS = [
    ("qualite", "Claire", "Lefèvre", roles.QUALITY_ENGINEER, "qualite", "Responsable qualité"),
    ("pilote", "Nathalie", "Garnier", roles.PILOT, "accueil", "Responsable du guichet unique"),
    ("agent", "Julien", "Roussel", roles.AGENT, "accueil", "Agent d'accueil"),
    ("auditeur", "Sophie", "Marchand", roles.AUDITOR, "qualite", "Auditrice interne"),
    ("direction", "Philippe", "Delmas", roles.DIRECTION, "dgs", "Directeur général des services"),
]
FIRST_NAMES = [
    "Aurélie", "Bernard", "Camille", "Céline", "Christophe", "Damien", "David", "Delphine",
    "Élodie", "Emmanuel", "Fabrice", "Fatima", "Françoise", "Frédéric", "Gilles", "Hélène",
    "Hugo", "Isabelle", "Jean-Marc", "Jérôme", "Karima", "Laurence", "Léa", "Loïc", "Lucie",
    "Malik", "Manon", "Marc", "Marie-Claude", "Martine", "Mathieu", "Mélanie", "Nadia",
    "Nicolas", "Olivier", "Pascal", "Patricia", "Pierre", "Rachid", "Sandrine", "Sébastien",
    "Séverine", "Stéphane", "Sylvie", "Thierry", "Thomas", "Valérie", "Véronique", "Yannick",
    "Yasmine", "Alexandre", "Agnès", "Benoît", "Chantal", "Didier", "Émilie", "Guillaume",
    "Inès", "Jacques", "Karine", "Laetitia", "Mohamed", "Noémie", "Romain", "Samia", "Vincent",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
    "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
    "Martinez", "Legrand", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel",
    "Nicolas", "Perrin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
    "Chevalier", "Robin", "Masson", "Sanchez", "Boyer", "Denis", "Lemaire", "Duval", "Joly",
    "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Perez",
    "Le Goff", "Benali", "Brun", "Haddad", "Barbier", "Hamon", "Colin", "Arnaud", "Renard",
    "Schmitt", "Caron", "Da Silva", "Aubert", "Bourgeois", "Lemoine", "Kaci", "Marchal",
]



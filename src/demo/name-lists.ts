/**
 * Names as they occur on a British or American campus: a head of very common names with
 * rough real-world weights (per thousand people), so that John Smith and Sarah Jones turn up
 * again and again, and small lists of names from other languages with their own spelling
 * (ø, ü, é, Vietnamese tone marks, Irish fadas and apostrophes). The long tail comes from
 * faker's name lists (see name-pool.ts).
 */
export const commonGivenNames: [string, number][] = [
  ['James', 16], ['John', 16], ['Robert', 14], ['Michael', 14], ['William', 12], ['David', 12],
  ['Richard', 7], ['Joseph', 7], ['Thomas', 8], ['Christopher', 6], ['Daniel', 6], ['Matthew', 6],
  ['Mark', 5], ['Paul', 5], ['Andrew', 5], ['Peter', 4], ['Steven', 4], ['George', 4], ['Jack', 4],
  ['Oliver', 4], ['Harry', 3], ['Samuel', 3], ['Benjamin', 3], ['Edward', 3], ['Alexander', 3],
  ['Mary', 12], ['Patricia', 5], ['Jennifer', 6], ['Linda', 4], ['Elizabeth', 7], ['Sarah', 8],
  ['Emma', 6], ['Olivia', 5], ['Jessica', 5], ['Laura', 5], ['Anna', 4], ['Katherine', 4],
  ['Susan', 4], ['Karen', 3], ['Lisa', 4], ['Emily', 5], ['Rebecca', 3], ['Hannah', 4],
  ['Charlotte', 4], ['Sophie', 4], ['Lucy', 3], ['Amy', 3], ['Rachel', 3], ['Helen', 3],
  ['Margaret', 3], ['Claire', 2], ['Alice', 2], ['Grace', 2], ['Chloe', 2], ['Megan', 2],
];

export const commonFamilyNames: [string, number][] = [
  ['Smith', 11], ['Jones', 7], ['Williams', 6], ['Brown', 6], ['Taylor', 5], ['Johnson', 5],
  ['Davies', 4], ['Wilson', 4], ['Evans', 3], ['Thomas', 3], ['Roberts', 3], ['Walker', 2.5],
  ['Wright', 2.5], ['Robinson', 2.5], ['Thompson', 2.5], ['White', 2.5], ['Hughes', 2.5],
  ['Edwards', 2.5], ['Green', 2.2], ['Hall', 2.2], ['Wood', 2.2], ['Harris', 2.2], ['Lewis', 2.2],
  ['Martin', 2.2], ['Jackson', 2.2], ['Clarke', 2], ['Clark', 2], ['Turner', 2], ['Hill', 2],
  ['Scott', 2], ['Cooper', 2], ['Morris', 2], ['Ward', 2], ['Moore', 2], ['King', 2], ['Watson', 1.8],
  ['Baker', 1.8], ['Harrison', 1.8], ['Morgan', 1.8], ['Patel', 1.8], ['Young', 1.8], ['Allen', 1.7],
  ['Mitchell', 1.7], ['James', 1.6], ['Anderson', 1.6], ['Phillips', 1.6], ['Lee', 1.6], ['Bell', 1.5],
  ['Parker', 1.5], ['Davis', 1.5], ['Miller', 1.5], ['Garcia', 1.2], ['Khan', 1.2], ['Singh', 1.2],
  ['Chen', 1.1], ['Wang', 1.1], ['Kim', 1],
];

/** Names with non-ASCII letters or apostrophes, given and family name per person-like pair. */
export const internationalNames: Record<string, { given: [string, number][]; family: [string, number][] }> = {
  irish: {
    given: [['Siobhán', 3], ['Seán', 3], ['Aoife', 3], ['Niamh', 3], ['Pádraig', 2], ['Ciarán', 2], ['Róisín', 2], ['Eoin', 2], ['Máire', 1], ['Sinéad', 2], ['Caoimhe', 1], ['Oisín', 1]],
    family: [["O'Brien", 4], ["O'Sullivan", 3], ["O'Neill", 3], ['Murphy', 4], ['Kelly', 3], ["O'Connor", 3], ['Ó Súilleabháin', 1], ['MacCarthy', 1], ["Ní Bhriain", 1], ['Walsh', 2], ["D'Arcy", 1]],
  },
  nordic: {
    given: [['Zoë', 2], ['Søren', 2], ['Åsa', 2], ['Björn', 2], ['Ingrid', 2], ['Magnus', 2], ['Sigrún', 1], ['Jørgen', 1], ['Linnéa', 1], ['Håkon', 1]],
    family: [['Ødegård', 2], ['Sørensen', 3], ['Bjørnstad', 1], ['Åberg', 1], ['Lindqvist', 2], ['Hansen', 3], ['Johansson', 3], ['Þórsdóttir', 1], ['Kjærgaard', 1]],
  },
  german: {
    given: [['Jürgen', 2], ['Lukas', 2], ['Anna', 2], ['Katharina', 2], ['Jörg', 1], ['Günther', 1], ['Lena', 2], ['Maximilian', 1], ['Sophie', 1]],
    family: [['Müller', 5], ['Schröder', 2], ['Schäfer', 2], ['Weiß', 1], ['Groß', 1], ['Köhler', 2], ['Fischer', 3], ['Wagner', 2], ['Becker', 2], ['Hoffmann', 2]],
  },
  spanish: {
    given: [['José', 4], ['María', 4], ['Jesús', 1], ['Sofía', 2], ['Raúl', 2], ['Inés', 2], ['Andrés', 2], ['Lucía', 2], ['Martín', 1], ['Iñaki', 1]],
    family: [['García', 4], ['Martínez', 3], ['Rodríguez', 3], ['López', 3], ['Fernández', 2], ['Pérez', 2], ['Sánchez', 2], ['Muñoz', 2], ['Gómez', 2], ['Núñez', 1]],
  },
  french: {
    given: [['Amélie', 2], ['Léa', 2], ['François', 2], ['Hélène', 2], ['Jérôme', 1], ['Chloé', 2], ['Éric', 1], ['Noémie', 1], ['Benoît', 1]],
    family: [['Dubois', 2], ['Lefèvre', 2], ['Martin', 2], ['Bernard', 2], ['Girard', 1], ['Mercier', 1], ['Leroy', 1], ['Fournier', 1], ['Lemaître', 1]],
  },
  vietnamese: {
    given: [['Văn An', 3], ['Thị Lan', 3], ['Minh Tuấn', 2], ['Thu Hằng', 2], ['Quốc Bảo', 2], ['Ngọc Anh', 2], ['Đức Huy', 2], ['Thanh Hương', 1]],
    family: [['Nguyễn', 38], ['Trần', 11], ['Lê', 9], ['Phạm', 7], ['Hoàng', 5], ['Phan', 4], ['Vũ', 4], ['Đặng', 2], ['Bùi', 2], ['Đỗ', 2]],
  },
  polish: {
    given: [['Łukasz', 2], ['Małgorzata', 2], ['Agnieszka', 2], ['Paweł', 2], ['Zofia', 1], ['Wojciech', 1], ['Krzysztof', 2]],
    family: [['Nowak', 3], ['Kowalski', 2], ['Wiśniewski', 2], ['Wójcik', 2], ['Kamiński', 1], ['Lewandowski', 1], ['Dąbrowski', 1], ['Zieliński', 1]],
  },
  turkish: {
    given: [['Ayşe', 2], ['Mehmet', 3], ['Çağlar', 1], ['Gökhan', 1], ['Şule', 1], ['Özlem', 1], ['Emre', 2]],
    family: [['Yılmaz', 3], ['Kaya', 2], ['Demir', 2], ['Şahin', 2], ['Çelik', 2], ['Öztürk', 2], ['Aydın', 1]],
  },
};

/** Familiar forms people ask to be called by (preferred names). */
export const nicknames: Record<string, string[]> = {
  Katherine: ['Kathy', 'Kate', 'Katie'],
  Elizabeth: ['Liz', 'Beth', 'Lizzie'],
  William: ['Bill', 'Will'],
  Robert: ['Bob', 'Rob'],
  Richard: ['Rick', 'Dick'],
  Michael: ['Mike'],
  James: ['Jim', 'Jamie'],
  Christopher: ['Chris'],
  Alexander: ['Alex', 'Sandy'],
  Margaret: ['Maggie', 'Peggy'],
  Patricia: ['Pat', 'Trish'],
  Jennifer: ['Jen', 'Jenny'],
  Thomas: ['Tom'],
  Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'],
  Samuel: ['Sam'],
  Benjamin: ['Ben'],
  Edward: ['Ed', 'Ted'],
  Rebecca: ['Becky'],
  Joseph: ['Joe'],
  Andrew: ['Andy'],
  Susan: ['Sue'],
};

/** Free-mail domains for people's own addresses (not minted institution addresses). */
export const mailDomains: [string, number][] = [
  ['gmail.com', 40], ['outlook.com', 15], ['hotmail.co.uk', 10], ['yahoo.com', 8], ['icloud.com', 8],
  ['proton.me', 4], ['btinternet.com', 3], ['gmx.de', 3], ['web.de', 2], ['orange.fr', 2],
];

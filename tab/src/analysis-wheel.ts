import type { Locale } from '../../api/core/i18n/text';

/**
 * Österåker's analysis wheel (analyshjulet, seed 003): eight steps with guiding questions for the year-end
 * evaluation. The Swedish text is the document's own; Danish and English are translations.
 */
export const ANALYSIS_WHEEL: { step: Record<Locale, string>; questions: Record<Locale, string[]> }[] = [
  {
    step: {
      sv: '1. Granska och jämför med tidigare mätningar',
      da: '1. Gennemgå og sammenlign med tidligere målinger',
      en: '1. Review and compare with earlier measurements',
    },
    questions: {
      sv: ['Vilka värden är höga?', 'Vilka värden är låga?', 'Vilka värden ligger kvar på samma nivå?', 'I vilken riktning har förändring skett?'],
      da: ['Hvilke værdier er høje?', 'Hvilke værdier er lave?', 'Hvilke værdier ligger på samme niveau?', 'I hvilken retning er der sket forandring?'],
      en: ['Which values are high?', 'Which values are low?', 'Which values stay at the same level?', 'In which direction has change happened?'],
    },
  },
  {
    step: { sv: '2. Jämför med egna uppsatta målvärden', da: '2. Sammenlign med egne målværdier', en: '2. Compare with your own targets' },
    questions: {
      sv: [
        'Hur förhåller sig resultatet till uppsatta målvärden?',
        'Finns det resultat där skillnaden mellan målvärde och faktiskt resultat är stor?',
        'Vilka områden är särskilt starka eller svaga i förhållande till andra?',
        'Vilka skillnader kan ses mellan olika grupper (kvinnor - män, åldrar, bakgrund etc)?',
      ],
      da: [
        'Hvordan forholder resultatet sig til målværdierne?',
        'Er der resultater, hvor forskellen mellem målværdi og faktisk resultat er stor?',
        'Hvilke områder er særligt stærke eller svage i forhold til andre?',
        'Hvilke forskelle ses mellem grupper (kvinder – mænd, alder, baggrund osv.)?',
      ],
      en: [
        'How does the result compare with the targets?',
        'Are there results far from their target?',
        'Which areas are particularly strong or weak compared with others?',
        'Which differences show between groups (women – men, ages, background etc.)?',
      ],
    },
  },
  {
    step: { sv: '3. Identifiera mönster', da: '3. Find mønstre', en: '3. Identify patterns' },
    questions: {
      sv: [
        'Vilka resultat utvecklas i linje med andra resultat?',
        'Vilka samband kan ses?',
        'På vilka sätt stämmer/stämmer inte dessa samband med våra förväntningar?',
        'I vilka fall saknas samband?',
      ],
      da: [
        'Hvilke resultater udvikler sig i takt med andre?',
        'Hvilke sammenhænge ses?',
        'Hvordan passer sammenhængene med vores forventninger?',
        'Hvor mangler der sammenhæng?',
      ],
      en: ['Which results move in line with others?', 'Which connections can be seen?', 'How do they match our expectations?', 'Where is there no connection?'],
    },
  },
  {
    step: { sv: '4. Reflektera över påverkande faktorer', da: '4. Reflektér over påvirkende faktorer', en: '4. Reflect on influencing factors' },
    questions: {
      sv: [
        'Vilka händelser kan ha påverkat resultatet?',
        'Vilka åtgärder som genomförts kan ha påverkat resultatet?',
        'Vilka genomförda åtgärder eller aktiviteter har gett förväntad effekt?',
        'Vilka andra faktorer har medfört att resultatet blev som det blev?',
      ],
      da: [
        'Hvilke begivenheder kan have påvirket resultatet?',
        'Hvilke gennemførte tiltag kan have påvirket det?',
        'Hvilke tiltag har haft den forventede effekt?',
        'Hvilke andre faktorer har gjort resultatet til det, det blev?',
      ],
      en: [
        'Which events may have affected the result?',
        'Which measures taken may have affected it?',
        'Which measures had the expected effect?',
        'Which other factors made the result what it is?',
      ],
    },
  },
  {
    step: { sv: '5. Utöka underlaget för analysen', da: '5. Udvid grundlaget for analysen', en: '5. Widen the basis of the analysis' },
    questions: {
      sv: ['Vilken ytterligare information behövs för att kunna analysera resultatet?', 'Vilka personer/funktioner behöver vi ta hjälp av? Varför?'],
      da: ['Hvilken yderligere information skal der til for at analysere resultatet?', 'Hvilke personer/funktioner skal vi have hjælp fra? Hvorfor?'],
      en: ['What further information is needed to analyse the result?', 'Whose help do we need? Why?'],
    },
  },
  {
    step: { sv: '6. Dra slutsats', da: '6. Drag konklusioner', en: '6. Draw conclusions' },
    questions: {
      sv: [
        'Vilken slutsats kan vi dra? Varför?',
        'Vad vet vi om orsakerna till resultatet?',
        'Vad kan vi lära av såväl positiva som negativa resultat?',
        'Vad ska särskilt beaktas om utvecklingen fortsätter på samma sätt?',
      ],
      da: [
        'Hvilken konklusion kan vi drage? Hvorfor?',
        'Hvad ved vi om årsagerne til resultatet?',
        'Hvad kan vi lære af både positive og negative resultater?',
        'Hvad skal vi være særligt opmærksomme på, hvis udviklingen fortsætter?',
      ],
      en: [
        'What conclusion can we draw? Why?',
        'What do we know of the causes?',
        'What can we learn from good and bad results alike?',
        'What needs attention if the trend continues?',
      ],
    },
  },
  {
    step: { sv: '7. Föreslå åtgärder', da: '7. Foreslå tiltag', en: '7. Propose measures' },
    questions: {
      sv: [
        'Vilka åtgärder ska vidtas utifrån granskningen och de ambitioner vi har för kommande period?',
        'Hur ska en eventuell handlingsplan utformas?',
        'Hur ska åtgärder följas upp och utvärderas?',
      ],
      da: [
        'Hvilke tiltag skal sættes i værk ud fra gennemgangen og ambitionerne for næste periode?',
        'Hvordan skal en handleplan se ud?',
        'Hvordan følges tiltagene op og evalueres?',
      ],
      en: [
        'Which measures follow from the review and next period’s ambitions?',
        'How should an action plan look?',
        'How will the measures be followed up and evaluated?',
      ],
    },
  },
  {
    step: {
      sv: '8. Därefter vidtar planering och genomförande för förbättringar.',
      da: '8. Derefter planlægges og gennemføres forbedringerne.',
      en: '8. Then improvements are planned and carried out.',
    },
    questions: { sv: [], da: [], en: [] },
  },
];

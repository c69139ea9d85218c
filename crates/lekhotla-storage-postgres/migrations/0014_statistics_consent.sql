-- Issue 11: whether victim-level figures may count a victim (`Case::victims_for_statistics`: the latest
-- Statistics consent on record, if any, was neither refused nor withdrawn), kept with the victim so that no
-- count reads the consents. The application writes it with the case; rows from before are set here.
ALTER TABLE victims ADD COLUMN counted_in_statistics BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE victims SET counted_in_statistics = FALSE WHERE person_id IN (
    SELECT c.victim_id FROM consents c
    WHERE c.purpose = 'Statistics' AND (c.given = FALSE OR c.withdrawn_on IS NOT NULL)
      AND c.position = (SELECT max(c2.position) FROM consents c2
                        WHERE c2.case_id = c.case_id AND c2.victim_id = c.victim_id AND c2.purpose = 'Statistics'));

//! Generated programmes of any size, for benchmarks and load tests: many days, rooms, zones and
//! languages, every session fully translated.

use std::fmt::Write;

/// The shape of a generated programme.
#[derive(Clone, Copy, Debug)]
pub struct SampleShape {
    pub sessions: usize,
    pub days: usize,
    /// Display zones, at most 8.
    pub zones: usize,
}

const ZONES: [(&str, &str); 8] = [
    ("Europe/Paris", "Paris"),
    ("Europe/Istanbul", "Izmir"),
    ("America/Toronto", "Montréal"),
    ("Asia/Kolkata", "Kolkata"),
    ("Asia/Tokyo", "Tokyo"),
    ("Australia/Sydney", "Sydney"),
    ("Africa/Dakar", "Dakar"),
    ("America/Sao_Paulo", "São Paulo"),
];

/// A valid programme file (host Europe/Paris, in French, English and Turkish) with `shape.sessions`
/// sessions spread over `shape.days` days from 2022-03-21, in as many online rooms as it takes to
/// hold ten one-hour sessions a day each.
pub fn sample_programme(shape: SampleShape) -> String {
    let days = shape.days.max(1);
    let per_day = shape.sessions.div_ceil(days);
    let rooms = per_day.div_ceil(10).max(1);
    let mut out = String::new();
    out.push_str(
        "[event]\nid = \"sample\"\nsource_language = \"fr\"\nlanguages = [\"fr\", \"en\", \"tr\"]\n\
         host_zone = \"Europe/Paris\"\nstatus = \"final\"\n\
         name.fr = \"Sommet d’essai\"\nname.en = \"Sample summit\"\nname.tr = \"Deneme zirvesi\"\n\
         introduction.fr = \"Un programme généré.\"\nintroduction.en = \"A generated programme.\"\n\
         introduction.tr = \"Oluşturulmuş bir program.\"\n\n",
    );
    for day in 0..days {
        let _ = writeln!(
            out,
            "[[event.days]]\ndate = \"2022-03-{:02}\"\nformat = \"online\"\n",
            21 + day
        );
    }
    for (zone, label) in ZONES.iter().take(shape.zones.clamp(1, ZONES.len())) {
        let _ = writeln!(out, "[[zones]]\nzone = \"{zone}\"\nlabel = \"{label}\"\n");
    }
    for room in 0..rooms {
        let _ = writeln!(
            out,
            "[[venues]]\nid = \"room-{room}\"\nkind = \"online\"\nname.fr = \"Salle {room}\"\n\
             name.en = \"Room {room}\"\nname.tr = \"Salon {room}\"\n"
        );
    }
    for i in 0..shape.sessions {
        let (day, index) = (i / per_day, i % per_day);
        let (room, slot) = (index / 10, index % 10);
        let hour = 8 + slot;
        let _ = writeln!(
            out,
            "[[sessions]]\nid = \"session-{i}\"\nkind = \"thematic-workshop\"\nformat = \"online\"\n\
             venue = \"room-{room}\"\ndate = \"2022-03-{:02}\"\nstart = \"{hour:02}:00\"\nend = \"{hour:02}:50\"\n\
             title.fr = \"Atelier {i} : villes inclusives\"\ntitle.en = \"Workshop {i}: inclusive cities\"\n\
             title.tr = \"Çalıştay {i}: kapsayıcı kentler\"\n\
             description.fr = \"Les villes partagent leurs pratiques de cohésion sociale.\"\n\
             description.en = \"Cities share their practices of social cohesion.\"\n\
             description.tr = \"Kentler toplumsal uyum uygulamalarını paylaşıyor.\"\n\n\
             [[sessions.questions]]\nfr = \"Quelles pratiques fonctionnent ?\"\nen = \"Which practices work?\"\n\
             tr = \"Hangi uygulamalar işe yarıyor?\"\n",
            21 + day
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, load};

    #[test]
    fn a_generated_programme_has_no_errors() {
        let source = sample_programme(SampleShape {
            sessions: 120,
            days: 5,
            zones: 6,
        });
        let loaded = load(&source, &CheckOptions::default());
        assert!(
            !loaded.has_errors(),
            "{:?}",
            loaded.diagnostics.iter().find(|d| d.is_error())
        );
        assert_eq!(loaded.programme.map(|p| p.sessions.len()), Some(120));
    }
}

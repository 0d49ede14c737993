//! A 500-scope module (250 `write_i => read_i` pairs, the shape of a large provider's
//! catalogue) keeps every property of small ones: order independence, implications
//! closed over, narrowing, runtime checks naming the missing scopes. Widening and a
//! missing scope are refused at compile time: `tests/ui/large-module-*.rs`.

use auth_core::scope::{Grants, ScopeSet};
use auth_core::{Error, GrantedScopes, Scoped, StaticToken, api, scopes};

scopes! {
    /// 500 scopes.
    pub mod big {
        read_0, write_0 => read_0,
        read_1, write_1 => read_1,
        read_2, write_2 => read_2,
        read_3, write_3 => read_3,
        read_4, write_4 => read_4,
        read_5, write_5 => read_5,
        read_6, write_6 => read_6,
        read_7, write_7 => read_7,
        read_8, write_8 => read_8,
        read_9, write_9 => read_9,
        read_10, write_10 => read_10,
        read_11, write_11 => read_11,
        read_12, write_12 => read_12,
        read_13, write_13 => read_13,
        read_14, write_14 => read_14,
        read_15, write_15 => read_15,
        read_16, write_16 => read_16,
        read_17, write_17 => read_17,
        read_18, write_18 => read_18,
        read_19, write_19 => read_19,
        read_20, write_20 => read_20,
        read_21, write_21 => read_21,
        read_22, write_22 => read_22,
        read_23, write_23 => read_23,
        read_24, write_24 => read_24,
        read_25, write_25 => read_25,
        read_26, write_26 => read_26,
        read_27, write_27 => read_27,
        read_28, write_28 => read_28,
        read_29, write_29 => read_29,
        read_30, write_30 => read_30,
        read_31, write_31 => read_31,
        read_32, write_32 => read_32,
        read_33, write_33 => read_33,
        read_34, write_34 => read_34,
        read_35, write_35 => read_35,
        read_36, write_36 => read_36,
        read_37, write_37 => read_37,
        read_38, write_38 => read_38,
        read_39, write_39 => read_39,
        read_40, write_40 => read_40,
        read_41, write_41 => read_41,
        read_42, write_42 => read_42,
        read_43, write_43 => read_43,
        read_44, write_44 => read_44,
        read_45, write_45 => read_45,
        read_46, write_46 => read_46,
        read_47, write_47 => read_47,
        read_48, write_48 => read_48,
        read_49, write_49 => read_49,
        read_50, write_50 => read_50,
        read_51, write_51 => read_51,
        read_52, write_52 => read_52,
        read_53, write_53 => read_53,
        read_54, write_54 => read_54,
        read_55, write_55 => read_55,
        read_56, write_56 => read_56,
        read_57, write_57 => read_57,
        read_58, write_58 => read_58,
        read_59, write_59 => read_59,
        read_60, write_60 => read_60,
        read_61, write_61 => read_61,
        read_62, write_62 => read_62,
        read_63, write_63 => read_63,
        read_64, write_64 => read_64,
        read_65, write_65 => read_65,
        read_66, write_66 => read_66,
        read_67, write_67 => read_67,
        read_68, write_68 => read_68,
        read_69, write_69 => read_69,
        read_70, write_70 => read_70,
        read_71, write_71 => read_71,
        read_72, write_72 => read_72,
        read_73, write_73 => read_73,
        read_74, write_74 => read_74,
        read_75, write_75 => read_75,
        read_76, write_76 => read_76,
        read_77, write_77 => read_77,
        read_78, write_78 => read_78,
        read_79, write_79 => read_79,
        read_80, write_80 => read_80,
        read_81, write_81 => read_81,
        read_82, write_82 => read_82,
        read_83, write_83 => read_83,
        read_84, write_84 => read_84,
        read_85, write_85 => read_85,
        read_86, write_86 => read_86,
        read_87, write_87 => read_87,
        read_88, write_88 => read_88,
        read_89, write_89 => read_89,
        read_90, write_90 => read_90,
        read_91, write_91 => read_91,
        read_92, write_92 => read_92,
        read_93, write_93 => read_93,
        read_94, write_94 => read_94,
        read_95, write_95 => read_95,
        read_96, write_96 => read_96,
        read_97, write_97 => read_97,
        read_98, write_98 => read_98,
        read_99, write_99 => read_99,
        read_100, write_100 => read_100,
        read_101, write_101 => read_101,
        read_102, write_102 => read_102,
        read_103, write_103 => read_103,
        read_104, write_104 => read_104,
        read_105, write_105 => read_105,
        read_106, write_106 => read_106,
        read_107, write_107 => read_107,
        read_108, write_108 => read_108,
        read_109, write_109 => read_109,
        read_110, write_110 => read_110,
        read_111, write_111 => read_111,
        read_112, write_112 => read_112,
        read_113, write_113 => read_113,
        read_114, write_114 => read_114,
        read_115, write_115 => read_115,
        read_116, write_116 => read_116,
        read_117, write_117 => read_117,
        read_118, write_118 => read_118,
        read_119, write_119 => read_119,
        read_120, write_120 => read_120,
        read_121, write_121 => read_121,
        read_122, write_122 => read_122,
        read_123, write_123 => read_123,
        read_124, write_124 => read_124,
        read_125, write_125 => read_125,
        read_126, write_126 => read_126,
        read_127, write_127 => read_127,
        read_128, write_128 => read_128,
        read_129, write_129 => read_129,
        read_130, write_130 => read_130,
        read_131, write_131 => read_131,
        read_132, write_132 => read_132,
        read_133, write_133 => read_133,
        read_134, write_134 => read_134,
        read_135, write_135 => read_135,
        read_136, write_136 => read_136,
        read_137, write_137 => read_137,
        read_138, write_138 => read_138,
        read_139, write_139 => read_139,
        read_140, write_140 => read_140,
        read_141, write_141 => read_141,
        read_142, write_142 => read_142,
        read_143, write_143 => read_143,
        read_144, write_144 => read_144,
        read_145, write_145 => read_145,
        read_146, write_146 => read_146,
        read_147, write_147 => read_147,
        read_148, write_148 => read_148,
        read_149, write_149 => read_149,
        read_150, write_150 => read_150,
        read_151, write_151 => read_151,
        read_152, write_152 => read_152,
        read_153, write_153 => read_153,
        read_154, write_154 => read_154,
        read_155, write_155 => read_155,
        read_156, write_156 => read_156,
        read_157, write_157 => read_157,
        read_158, write_158 => read_158,
        read_159, write_159 => read_159,
        read_160, write_160 => read_160,
        read_161, write_161 => read_161,
        read_162, write_162 => read_162,
        read_163, write_163 => read_163,
        read_164, write_164 => read_164,
        read_165, write_165 => read_165,
        read_166, write_166 => read_166,
        read_167, write_167 => read_167,
        read_168, write_168 => read_168,
        read_169, write_169 => read_169,
        read_170, write_170 => read_170,
        read_171, write_171 => read_171,
        read_172, write_172 => read_172,
        read_173, write_173 => read_173,
        read_174, write_174 => read_174,
        read_175, write_175 => read_175,
        read_176, write_176 => read_176,
        read_177, write_177 => read_177,
        read_178, write_178 => read_178,
        read_179, write_179 => read_179,
        read_180, write_180 => read_180,
        read_181, write_181 => read_181,
        read_182, write_182 => read_182,
        read_183, write_183 => read_183,
        read_184, write_184 => read_184,
        read_185, write_185 => read_185,
        read_186, write_186 => read_186,
        read_187, write_187 => read_187,
        read_188, write_188 => read_188,
        read_189, write_189 => read_189,
        read_190, write_190 => read_190,
        read_191, write_191 => read_191,
        read_192, write_192 => read_192,
        read_193, write_193 => read_193,
        read_194, write_194 => read_194,
        read_195, write_195 => read_195,
        read_196, write_196 => read_196,
        read_197, write_197 => read_197,
        read_198, write_198 => read_198,
        read_199, write_199 => read_199,
        read_200, write_200 => read_200,
        read_201, write_201 => read_201,
        read_202, write_202 => read_202,
        read_203, write_203 => read_203,
        read_204, write_204 => read_204,
        read_205, write_205 => read_205,
        read_206, write_206 => read_206,
        read_207, write_207 => read_207,
        read_208, write_208 => read_208,
        read_209, write_209 => read_209,
        read_210, write_210 => read_210,
        read_211, write_211 => read_211,
        read_212, write_212 => read_212,
        read_213, write_213 => read_213,
        read_214, write_214 => read_214,
        read_215, write_215 => read_215,
        read_216, write_216 => read_216,
        read_217, write_217 => read_217,
        read_218, write_218 => read_218,
        read_219, write_219 => read_219,
        read_220, write_220 => read_220,
        read_221, write_221 => read_221,
        read_222, write_222 => read_222,
        read_223, write_223 => read_223,
        read_224, write_224 => read_224,
        read_225, write_225 => read_225,
        read_226, write_226 => read_226,
        read_227, write_227 => read_227,
        read_228, write_228 => read_228,
        read_229, write_229 => read_229,
        read_230, write_230 => read_230,
        read_231, write_231 => read_231,
        read_232, write_232 => read_232,
        read_233, write_233 => read_233,
        read_234, write_234 => read_234,
        read_235, write_235 => read_235,
        read_236, write_236 => read_236,
        read_237, write_237 => read_237,
        read_238, write_238 => read_238,
        read_239, write_239 => read_239,
        read_240, write_240 => read_240,
        read_241, write_241 => read_241,
        read_242, write_242 => read_242,
        read_243, write_243 => read_243,
        read_244, write_244 => read_244,
        read_245, write_245 => read_245,
        read_246, write_246 => read_246,
        read_247, write_247 => read_247,
        read_248, write_248 => read_248,
        read_249, write_249 => read_249,
    }
}

use big::{Of, read_0, read_7, read_249, write_7, write_249};

#[api(scopes = big)]
trait Big {
    #[get("/r/{id}")]
    #[authenticated(scope = "read_249")]
    async fn read_last(&self, id: u32) -> Result<(), Error>;

    #[post("/w")]
    #[authenticated(scope = "write_7", scope = "read_0")]
    async fn write_seven(&self) -> Result<(), Error>;

    #[get("/any")]
    #[authenticated(scope = any("read_0", "write_249"))]
    async fn either(&self) -> Result<(), Error>;
}

fn grants<Sc, S: Grants<Sc>>() {}

#[test]
fn five_hundred_scopes_keep_every_property() {
    // The same members in any order are the same type.
    type Forward = Of<(read_0, write_249, read_7)>;
    type Backward = Of<(read_7, read_0, write_249)>;
    let same: fn(Forward) -> Backward = |s| s;
    let _ = same;
    // Implications are closed over: writing 249 grants reading it.
    grants::<read_249, Of<write_249>>();
    grants::<write_249, Of<write_249>>();
    assert_eq!(<Of<write_249>>::granted_names(), ["read_249", "write_249"]);
    assert_eq!(<big::All>::LEN, 500);
    assert_eq!(<big::All>::NAMES.len(), 500);
    assert_eq!(<big::Empty>::LEN, 0);
    assert_eq!(
        <Of<(write_7, read_0)>>::granted_names(),
        ["read_0", "read_7", "write_7"]
    );
}

#[test]
fn narrowing_is_free_and_runtime_checks_name_what_is_missing() {
    let token = StaticToken::new("t").unwrap();
    let all: Scoped<big::All> = Scoped::assume_granted(token.clone());
    let some: Scoped<Of<(write_7, read_0, write_249)>> = all.narrow();
    let _fewer: Scoped<Of<(read_7, read_249)>> = some.narrow();

    let granted = GrantedScopes::parse("read_0 read_7 write_7");
    assert!(Scoped::<Of<(write_7, read_0)>>::checked(token.clone(), &granted).is_ok());
    let err = Scoped::<Of<(write_249, read_7)>>::checked(token, &granted).unwrap_err();
    assert_eq!(err.missing, ["read_249", "write_249"]);
}

#[test]
fn methods_exist_exactly_where_the_token_allows() {
    let token = StaticToken::new("t").unwrap();
    let client = BigClient::with_base_url(
        Scoped::<Of<(write_7, read_0, write_249)>>::assume_granted(token),
        "https://api.example",
    )
    .unwrap();
    // Each of these compiles only because the token's type grants the method's scopes
    // (read_249 through write_249's implication).
    drop(client.read_last(1));
    drop(client.write_seven());
    drop(client.either());
    assert_eq!(BigClient::MANIFEST.endpoints.len(), 3);
}

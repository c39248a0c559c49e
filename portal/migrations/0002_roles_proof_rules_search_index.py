"""Reference data and the PostgreSQL search index, after the schema of 0001_initial.

Everything is written out here: the roles (staff groups), the starter proofreading rules
and the GIN index SQL. A migration must give the same result whenever it runs, so it
reads no data file (a file beside the code may change later) and imports no application
code. Each step is idempotent: a database migrated before portal's migrations were
squashed (its tables, rows and index already exist) runs it without change.
"""

from django.db import migrations

# --- roles ---------------------------------------------------------------------------

ROLES = [
    "信息发布员",
    "初审",
    "复审",
    "终审",
    "依申请公开办理人",
    "互动办理人",
    "政务公开办管理员",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


# --- starter proofreading rules (staff edit them in the admin, 校对规则) ----------------

# (category, pattern, suggestion, severity, note, source)
RULES = (
    ('wrong_word', '截止目前', '截至目前', 2, '“截至”表示到某时为止，“截止”表示停止', '常见易错词'),
    ('wrong_word', '截止到', '截至', 2, '“截至”后可直接接时间', '常见易错词'),
    ('wrong_word', '按装', '安装', 2, '', '常见易错词'),
    ('wrong_word', '既使', '即使', 2, '', '常见易错词'),
    ('wrong_word', '一股作气', '一鼓作气', 2, '', '常见易错词'),
    ('wrong_word', '迫不急待', '迫不及待', 2, '', '常见易错词'),
    ('wrong_word', '再接再励', '再接再厉', 2, '', '常见易错词'),
    ('wrong_word', '金榜提名', '金榜题名', 2, '', '常见易错词'),
    ('wrong_word', '不径而走', '不胫而走', 2, '', '常见易错词'),
    ('wrong_word', '走头无路', '走投无路', 2, '', '常见易错词'),
    ('wrong_word', '甘败下风', '甘拜下风', 2, '', '常见易错词'),
    ('wrong_word', '自抱自弃', '自暴自弃', 2, '', '常见易错词'),
    ('wrong_word', '针贬时弊', '针砭时弊', 2, '', '常见易错词'),
    ('wrong_word', '委屈求全', '委曲求全', 2, '', '常见易错词'),
    ('wrong_word', '变本加利', '变本加厉', 2, '', '常见易错词'),
    ('wrong_word', '食不裹腹', '食不果腹', 2, '', '常见易错词'),
    ('wrong_word', '一愁莫展', '一筹莫展', 2, '', '常见易错词'),
    ('wrong_word', '美仑美奂', '美轮美奂', 2, '', '常见易错词'),
    ('wrong_word', '默守成规', '墨守成规', 2, '', '常见易错词'),
    ('wrong_word', '穿流不息', '川流不息', 2, '', '常见易错词'),
    ('wrong_word', '鬼鬼崇崇', '鬼鬼祟祟', 2, '', '常见易错词'),
    ('wrong_word', '出奇不意', '出其不意', 2, '', '常见易错词'),
    ('wrong_word', '人情事故', '人情世故', 2, '', '常见易错词'),
    ('wrong_word', '按步就班', '按部就班', 2, '', '常见易错词'),
    ('wrong_word', '消声匿迹', '销声匿迹', 2, '', '常见易错词'),
    ('wrong_word', '直接了当', '直截了当', 2, '', '常见易错词'),
    ('wrong_word', '一如继往', '一如既往', 2, '', '常见易错词'),
    ('wrong_word', '布署', '部署', 2, '', '常见易错词'),
    ('wrong_word', '贯切落实', '贯彻落实', 2, '', '常见易错词'),
    ('wrong_word', '坐阵', '坐镇', 2, '', '常见易错词'),
    ('wrong_word', '报筹', '报酬', 2, '', '常见易错词'),
    ('wrong_word', '做为', '作为', 2, '', '常见易错词'),
    ('wrong_word', '好象', '好像', 2, '', '常见易错词'),
    ('wrong_word', '反应问题', '反映问题', 2, '向上级或有关部门转达用“反映”', '常见易错词'),
    ('wrong_word', '反应情况', '反映情况', 2, '向上级或有关部门转达用“反映”', '常见易错词'),
    ('wrong_word', '不能自己', '不能自已', 2, '', '常见易错词'),
    ('wrong_word', '稳操胜卷', '稳操胜券', 2, '', '常见易错词'),
    ('wrong_word', '松驰', '松弛', 2, '', '常见易错词'),
    ('wrong_word', '渲泄', '宣泄', 2, '', '常见易错词'),
    ('wrong_word', '防碍', '妨碍', 2, '', '常见易错词'),
    ('wrong_word', '辨论', '辩论', 2, '', '常见易错词'),
    ('wrong_word', '重迭', '重叠', 2, '', '常见易错词'),
    ('wrong_word', '座落', '坐落', 2, '', '常见易错词'),
    ('wrong_word', '家俱', '家具', 2, '', '常见易错词'),
    ('wrong_word', '按排', '安排', 2, '', '常见易错词'),
    ('wrong_word', '气慨', '气概', 2, '', '常见易错词'),
    ('wrong_word', '震憾', '震撼', 2, '', '常见易错词'),
    ('wrong_word', '峻工', '竣工', 2, '', '常见易错词'),
    ('wrong_word', '修茸', '修葺', 2, '', '常见易错词'),
    ('wrong_word', '陷井', '陷阱', 2, '', '常见易错词'),
    ('wrong_word', '杀一警百', '杀一儆百', 2, '', '常见易错词'),
    ('wrong_word', '了了无几', '寥寥无几', 2, '', '常见易错词'),
    ('wrong_word', '必需要', '必须要', 2, '', '常见易错词'),
    ('wrong_word', '凑和', '凑合', 2, '', '常见易错词'),
    ('wrong_word', '帐号', '账号', 1, '与货币、债务有关的用“账”', '通用规范汉字表用法'),
    ('wrong_word', '帐户', '账户', 1, '与货币、债务有关的用“账”', '通用规范汉字表用法'),
    ('wrong_word', '帐目', '账目', 1, '与货币、债务有关的用“账”', '通用规范汉字表用法'),
    ('outdated', '其它', '其他', 1, '公文中统一使用“其他”', '党政机关公文用语习惯'),
    ('outdated', '济阳县', '济阳区', 3, '济阳县已于2018年撤县设区，应使用“济阳区”', '行政区划变更'),
    ('outdated', '济阳县人民政府', '济阳区人民政府', 3, '济阳县已于2018年撤县设区', '行政区划变更'),
    ('outdated', '区教育局', '区教育和体育局', 2, '机构改革后名称为“区教育和体育局”', '机构改革'),
    ('outdated', '区卫生和计划生育局', '区卫生健康局', 2, '机构改革后名称为“区卫生健康局”', '机构改革'),
    ('outdated', '区卫计局', '区卫生健康局', 2, '机构改革后名称为“区卫生健康局”', '机构改革'),
    ('outdated', '区国土资源局', '区自然资源局', 2, '机构改革后名称为“区自然资源局”', '机构改革'),
    ('outdated', '区环保局', '济南市生态环境局济阳分局', 2, '机构改革后名称为“济南市生态环境局济阳分局”', '机构改革'),
    ('set_phrase', '十四五规划', '“十四五”规划', 1, '规划简称加引号', '党政机关公文格式'),
    ('set_phrase', '十五五规划', '“十五五”规划', 1, '规划简称加引号', '党政机关公文格式'),
    ('set_phrase', '放管服改革', '“放管服”改革', 1, '简称加引号', '党政机关公文格式'),
    ('set_phrase', '一老一小', '“一老一小”', 1, '简称首次出现时加引号', '党政机关公文格式'),
    ('forbidden', '台湾总统', '台湾地区领导人', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '台湾政府', '台湾当局', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '北朝鲜', '朝鲜', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '中华民国', '', 3, '涉及1949年以后的台湾时不得使用', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '港澳台国家', '国家和地区', 3, '香港、澳门、台湾不得与国家并列称“国家”', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '残废人', '残疾人', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '独眼龙', '盲人/视力障碍者', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '瞎子', '盲人', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '聋子', '聋人', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '傻子', '智力障碍者', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '弱智', '智力障碍者', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('forbidden', '弱智者', '智力障碍者', 3, '', '新华社新闻信息报道中的禁用词和慎用词'),
    ('caution', '最高领导人', '', 2, '对国家领导人的称谓应规范', '新华社新闻信息报道中的禁用词和慎用词'),
    ('caution', '影帝', '', 1, '慎用', '新华社新闻信息报道中的禁用词和慎用词'),
    ('caution', '影后', '', 1, '慎用', '新华社新闻信息报道中的禁用词和慎用词'),
    ('caution', '农民工', '进城务工人员', 1, '慎用', '新华社新闻信息报道中的禁用词和慎用词'),
    ('caution', '罪犯', '犯罪嫌疑人', 1, '法院判决前不称“罪犯”', '新华社新闻信息报道中的禁用词和慎用词'),
)


def load_rules(apps, schema_editor):
    ProofRule = apps.get_model("portal", "ProofRule")
    for category, pattern, suggestion, severity, note, source in RULES:
        ProofRule.objects.get_or_create(
            category=category,
            pattern=pattern,
            defaults={
                "suggestion": suggestion,
                "severity": severity,
                "note": note,
                "source": source,
            },
        )


def unload_rules(apps, schema_editor):
    ProofRule = apps.get_model("portal", "ProofRule")
    ProofRule.objects.filter(pattern__in=[rule[1] for rule in RULES]).delete()


# --- the search index ------------------------------------------------------------------
# The search columns are in 0001_initial. The GIN index over search_vector exists on
# PostgreSQL only: SQLite keeps search_vector as unused text and scans search_tokens.
# Rows need no backfill here (the tokenizer is application code): index entries are
# written with their search columns, and ``manage.py rebuild_search_index`` refills them.

SEARCH_INDEX = "portal_indexentry_search_gin"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{SEARCH_INDEX}" '
            'ON "portal_indexentry" USING gin ("search_vector")'
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{SEARCH_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(load_rules, unload_rules),
        migrations.RunPython(create_search_index, drop_search_index),
    ]

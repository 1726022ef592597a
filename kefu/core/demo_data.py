"""The words of the demo: people, dealers and what customers call about.

Chinese text lives here because it is seed-based demo data (STYLE.md,
"Naming"); the builder in ``kefu.core.demo`` only picks from these lists.
Placeholders: ``{unit}`` 3栋-1502, ``{building}`` 3栋, ``{dealer}`` a dealer's
name, ``{city}`` the dealer's city, ``{n}`` a small number.
"""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯"
SURNAMES += "邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN_NAMES = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "鑫", "宇",
    "浩", "欣怡", "子涵", "梓轩", "思远", "晓明", "建国", "海燕", "玉兰", "志强", "春梅",
    "国栋", "雅婷", "家豪", "慧敏", "俊杰", "丽娟", "德华", "秋菊",
]  # fmt: skip
MOBILE_PREFIXES = [
    "138", "139", "136", "137", "135", "150", "151", "158", "159", "186",
    "187", "188", "189", "133", "153", "180", "181", "177", "199", "166",
]  # fmt: skip
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
RELATIONS = ["配偶", "子女", "父母", "租户联系人", "保姆"]

# --- the property service centre (seed 000 [TEN]) -------------------------------------

PROPERTY_SITE = {
    "code": "sunshine",
    "name": "阳光花园物业服务中心",
    "kind": "property_centre",
    "address": "深圳市南山区科苑南路阳光花园",
    "hotline": "0755-86001234",
    "preset": "property_centre",
}
# (username, display name, position code, staff of the admin)
PROPERTY_PEOPLE = [
    ("zhoumin", "周敏", "cs_director", True),
    ("linxiao", "林晓", "cs_clerk", False),
    ("huangli", "黄丽", "cs_clerk", False),
    ("qianzq", "钱志强", "gm", False),
    ("majg", "马建国", "engineering_supervisor", False),
    ("xujun", "徐军", "technician", False),
    ("gaofeng", "高峰", "security_captain", False),
    ("hefang", "何芳", "environment_supervisor", False),
    # Recipients of the major-complaint warning report (seed 000 L557).
    ("songyu", "宋雨", "brand_division", False),
    ("fanlu", "范律", "legal", False),
]
BUILDINGS = [f"{n}栋" for n in range(1, 7)]
FLOORS = range(1, 11)
UNITS_PER_FLOOR = 2

PROPERTY_CHANNELS = [("hotline", 60), ("window", 14), ("online", 10), ("visit", 5), ("email", 3)]
PROPERTY_CHANNELS += [("letter", 2), ("meeting", 6)]
PROPERTY_TYPES = [("repair", 40), ("enquiry", 20), ("complaint", 20), ("emergency", 12)]
PROPERTY_TYPES += [("suggestion", 8)]

# category code -> [(subject, content)]; enquiries have no category ("").
PROPERTY_TEXTS = {
    "water_leak": [
        ("楼上漏水", "业主反映{unit}卫生间天花板大面积渗水，疑似楼上防水层破损，请尽快派人处理。"),
        ("地下车库水浸", "暴雨后地下车库B区积水约10厘米，多辆车辆受影响，请求紧急排水。"),
        ("公共管井水管爆裂", "{building}三楼公共管井水管爆裂，楼道大量积水，已漫到住户门口。"),
        ("厨房水管爆裂", "{unit}厨房进水管爆裂，屋内积水，业主已关闭总阀。"),
    ],
    "fire_safety": [
        ("消防通道堵塞", "{building}一楼消防通道被杂物和电动车堵塞，存在安全隐患。"),
        ("烟感持续报警", "{unit}烟感报警器持续报警，住户不在家，请秩序维护部到场查看。"),
        ("电动车楼道充电", "{building}楼道内有住户私拉电线给电动车充电，担心起火。"),
    ],
    "plumbing_electric": [
        ("厨房水龙头漏水", "{unit}厨房水龙头关不紧一直滴水，请安排维修。"),
        ("卫生间下水道堵塞", "{unit}卫生间地漏返水，下水道堵塞，请尽快疏通。"),
        ("户内频繁跳闸", "{unit}空调一开就跳闸，已持续两天。"),
        ("插座无电", "{unit}客厅两个插座没有电，其他房间正常。"),
    ],
    "public_facility": [
        ("电梯故障", "{building}2号电梯运行中有异响，并停在8楼不动，无人被困。"),
        ("电梯按键失灵", "{building}1号电梯内12楼按键失灵，请尽快检修。"),
        ("楼道灯不亮", "{building}{n}楼楼道感应灯不亮，晚上出入不便。"),
        ("单元门禁损坏", "{building}单元门禁刷卡无反应，门一直无法锁上。"),
        ("健身器材损坏", "小区中心花园的健身器材扶手断裂，担心老人孩子受伤。"),
    ],
    "door_window": [
        ("入户门锁损坏", "{unit}入户门锁芯卡死，钥匙无法转动。"),
        ("窗户密封条老化", "{unit}主卧窗户密封条老化，下雨时窗台渗水。"),
        ("阳台推拉门卡滞", "{unit}阳台推拉门滑轮损坏，开关很费力。"),
    ],
    "property_service": [
        ("前台服务态度差", "业主反映到服务中心咨询时，前台人员态度冷淡、不耐烦。"),
        ("报修后无人跟进", "业主{unit}三天前报修，至今无人联系，对服务不满。"),
        ("投诉处理不及时", "业主反映上次投诉后一周仍未得到答复。"),
    ],
    "security": [
        ("夜间噪音扰民", "{unit}楼上住户深夜经常拖动家具、大声喧哗，影响休息。"),
        ("外来车辆乱停", "外来车辆长期占用{building}楼下消防车道，秩序维护人员未制止。"),
        ("装修噪音扰民", "{building}有住户周末早上七点就开始装修电钻施工。"),
        ("快递员随意进出", "快递员不登记即可进入小区，业主担心安全。"),
    ],
    "environment": [
        ("垃圾清运不及时", "{building}楼下垃圾桶满溢，气味很大，已两天未清运。"),
        ("宠物粪便无人清理", "中心花园草坪有大量宠物粪便，保洁未及时清理。"),
        ("绿化带蚊虫多", "{building}周边绿化带蚊虫很多，希望尽快消杀。"),
    ],
    "repair_quality": [
        ("维修后仍漏水", "{unit}上周维修的卫生间漏水问题又出现了，对维修质量不满。"),
        ("维修师傅未按约定上门", "约好上午十点上门维修，师傅下午才到且未提前通知。"),
    ],
    "fees": [
        ("物业费计费有误", "业主{unit}反映本季度物业费账单面积计算有误，比往年多收。"),
        ("停车费上涨未公示", "业主反映停车月卡费用上涨，事先没有任何公示。"),
        ("水电公摊费用异常", "{unit}本月公摊电费明显偏高，要求提供明细。"),
    ],
    "general": [
        ("增设电动车充电桩", "建议在地下车库增设电动车充电桩，解决楼道充电隐患。"),
        ("增加快递柜", "建议在{building}旁增加一组快递柜，方便业主取件。"),
        ("儿童游乐区加装遮阳棚", "夏天儿童游乐区太晒，建议加装遮阳棚。"),
    ],
    "": [
        ("物业费缴纳方式", "业主咨询物业费可否通过微信或银行代扣缴纳。"),
        ("装修申请流程", "{unit}业主咨询装修申请需要提交哪些材料、押金多少。"),
        ("停车月卡办理", "业主咨询停车月卡如何办理，费用是多少。"),
        ("门禁卡补办", "{unit}业主门禁卡丢失，咨询补办手续和费用。"),
        ("停水通知", "业主咨询明天小区停水的具体时间。"),
    ],
}
PROPERTY_PLACES = ["{unit}", "{building}楼道", "{building}电梯厅", "地下车库B区", "中心花园"]
PROPERTY_REJECTIONS = [
    "属于业主户内自用设施，已告知业主自行联系厂家维修。",
    "重复登记，已合并至同日工单处理。",
    "经核实不属于物业服务范围，已建议业主联系供电局。",
]
PROPERTY_REPLIES = [
    ("已安排维修人员上门处理，问题已解决，业主表示满意。", "更换配件后恢复正常"),
    ("已电话回复业主处理结果，业主认可。", "现场处理完毕"),
    ("已到现场核实并整改，并向业主说明后续安排。", "已整改"),
    ("已回复业主相关规定和办理方式。", "已答复"),
]

PROPERTY_WORDS = {
    "texts": PROPERTY_TEXTS,
    "places": PROPERTY_PLACES,
    "rejections": PROPERTY_REJECTIONS,
    "replies": PROPERTY_REPLIES,
    "channels": PROPERTY_CHANNELS,
    "types": PROPERTY_TYPES,
}

# --- the furniture maker's complaint desk (seed 002 [XLM]) ----------------------------

FURNITURE_SITE = {
    "code": "xlm-north",
    "name": "喜临门北方家具客服部",
    "kind": "manufacturer",
    "address": "天津市武清区京津科技谷",
    "hotline": "4008001234",
    "preset": "furniture_maker",
}
FURNITURE_PEOPLE = [
    ("chenjing", "陈静", "cs_director", False),
    ("lina", "李娜", "cs_deputy", False),
    ("zhaogq", "赵国庆", "gm", True),
    ("sunwei", "孙伟", "vp_sales", False),
    ("wanglei", "王磊", "production_manager", False),
    ("zhoutao", "周涛", "logistics_director", False),
    ("wugang", "吴刚", "system_head", False),
    ("zhengkai", "郑凯", "sales_manager", False),
]
# (city, area code, dealer shop names)
DEALER_CITIES = [
    ("哈尔滨", "0451", ["宏达家居", "北国床垫城"]),
    ("沈阳", "024", ["盛京家具广场", "华美家居"]),
    ("大连", "0411", ["海韵家居", "星海寝具"]),
    ("长春", "0431", ["欧亚家居", "春城睡眠馆"]),
    ("天津", "022", ["津门家具城", "红星寝具"]),
    ("北京", "010", ["京东方家居", "居然睡眠中心"]),
    ("石家庄", "0311", ["燕赵家居", "美居床垫"]),
    ("太原", "0351", ["晋阳家具", "龙城寝具"]),
    ("呼和浩特", "0471", ["草原家居", "塞外家居"]),
    ("济南", "0531", ["泉城家居", "舜耕家居"]),
    ("青岛", "0532", ["海尔路家具城", "琴岛寝具"]),
]
FURNITURE_CHANNELS = [("phone", 60), ("written", 15), ("email", 15), ("visit", 5), ("meeting", 5)]
FURNITURE_TYPES = [("complaint", 75), ("enquiry", 25)]
FURNITURE_TEXTS = {
    "product_quality": [
        ("床垫塌陷", "经销商{dealer}反映，客户使用{n}个月的床垫中部塌陷约3厘米，要求退换。"),
        ("床垫弹簧异响", "{dealer}客户反映床垫翻身时弹簧吱吱作响。"),
        ("面料起球", "{dealer}反映一批床垫面料使用不久即起球。"),
        ("床架焊点开裂", "{dealer}客户家中铁艺床架焊点开裂，存在安全隐患。"),
        ("沙发海绵回弹差", "{dealer}反映新款沙发坐垫海绵回弹差，客户投诉。"),
    ],
    "packaging": [
        ("包装破损", "{dealer}到货时外包装破损，床垫表面有污渍。"),
        ("缺少配件", "{dealer}反映床架到货缺少螺丝和床板支撑条。"),
        ("标签与实物不符", "{dealer}到货床垫尺寸标签为1.8米，实物为1.5米。"),
    ],
    "grievance": [
        ("发货延迟", "{dealer}订单已付款{n}天仍未发货，终端客户多次催促。"),
        ("售后响应慢", "{dealer}反映上次质量问题报备后一周无人回复。"),
    ],
    "service_quality": [
        ("安装师傅态度差", "{dealer}客户反映上门安装人员态度差，安装后未清理现场。"),
        ("订单系统状态不更新", "{dealer}在经销商系统下单后订单状态一直显示待审核。"),
    ],
    "suggestion": [
        ("增加小尺寸规格", "{dealer}建议增加1.2米小尺寸床垫规格，适合学生公寓。"),
        ("提供电子版样册", "{dealer}建议提供电子版产品样册，方便门店给客户展示。"),
    ],
    "": [
        ("新品到货时间", "{dealer}咨询春季新品床垫的到货时间。"),
        ("促销政策咨询", "{dealer}咨询本月经销商促销返利政策。"),
        ("质保期查询", "{dealer}咨询弹簧床垫的质保年限和质保范围。"),
    ],
}
FURNITURE_PLACES = ["{city}{dealer}门店", "{city}客户家中", "天津成品仓库", "{city}物流中转站"]
FURNITURE_REJECTIONS = [
    "超出质保期，已告知经销商按收费维修处理。",
    "经核实非本公司产品。",
    "重复投诉，已并入原投诉单处理。",
]
FURNITURE_REPLIES = [
    ("已与经销商确认更换新品，客户同意。", "更换新品"),
    ("已安排补发配件，经销商确认收货。", "补发配件"),
    ("已向经销商说明原因并致歉，后续加强管理。", "已致歉并整改"),
    ("已答复经销商相关政策。", "已答复"),
]
FURNITURE_WORDS = {
    "texts": FURNITURE_TEXTS,
    "places": FURNITURE_PLACES,
    "rejections": FURNITURE_REJECTIONS,
    "replies": FURNITURE_REPLIES,
    "channels": FURNITURE_CHANNELS,
    "types": FURNITURE_TYPES,
}
REPLY_METHODS = ["电话", "短信", "微信", "上门", "书面"]
REOPEN_REASONS = ["客户反映问题再次出现。", "客户对处理结果不满意，要求重新处理。"]
ABSENCE_REASON = "年假"

URGE_NOTE = "客户再次来电催促,请尽快处理"
PAUSE_REASON = "等待客户提供照片和购买凭证"
